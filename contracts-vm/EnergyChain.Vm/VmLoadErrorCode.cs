namespace EnergyChain.Vm;

/// <summary>Why a module was refused at decode or verify time. Stable: hosts may map these to tx error codes.</summary>
public enum VmLoadErrorCode
{
    BadMagic,
    UnknownVersion,
    Truncated,
    TrailingBytes,
    BadLength,
    CodeTooLarge,
    TooManyFunctions,
    TooManyConstants,
    NoFunctions,
    UnknownOpcode,
    BadOperand,
    BadJumpTarget,
    BadCallTarget,
    BadLocal,
    BadConstant,
    StackUnderflow,
    StackOverflow,
    InconsistentStackHeight,
    BadReturnHeight,
    MissingReturn,
    BadFunctionHeader,
}
