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

/// <summary>A typed load failure: which rule, in which function, at which code offset (-1 when not applicable).</summary>
public sealed record VmLoadError(VmLoadErrorCode Code, string Message, int Function = -1, int Offset = -1)
{
    public override string ToString() =>
        Function < 0 ? $"{Code}: {Message}" : $"{Code} in function {Function} at offset {Offset}: {Message}";
}
