namespace EnergyChain.Vm.Bytecode;

/// <summary>
/// One byte per opcode. The values are part of the consensus format: never renumber, only add.
/// Gaps leave room to grow each group without breaking old contracts.
/// </summary>
public enum OpCode : byte
{
    Nop = 0x00,
    PushI8 = 0x01,
    PushI32 = 0x02,
    PushI64 = 0x03,
    PushBytes = 0x04,

    Dup = 0x10,
    Swap = 0x11,
    Drop = 0x12,
    Pick = 0x13,

    LdLoc = 0x18,
    StLoc = 0x19,

    Add = 0x20,
    Sub = 0x21,
    Mul = 0x22,
    Div = 0x23,
    Mod = 0x24,
    Neg = 0x25,
    MulDiv = 0x26,

    Eq = 0x30,
    Ne = 0x31,
    Lt = 0x32,
    Le = 0x33,
    Gt = 0x34,
    Ge = 0x35,

    Not = 0x38,
    And = 0x39,
    Or = 0x3A,
    Xor = 0x3B,
    BitNot = 0x3C,
    Shl = 0x3D,
    Shr = 0x3E,

    Jmp = 0x40,
    Jz = 0x41,
    Jnz = 0x42,
    Call = 0x43,
    Ret = 0x44,
    Abort = 0x45,
    Assert = 0x46,

    Cat = 0x50,
    Len = 0x51,
    Slice = 0x52,
    BytesEq = 0x53,
    Sha256 = 0x54,

    Syscall = 0x60,
}
