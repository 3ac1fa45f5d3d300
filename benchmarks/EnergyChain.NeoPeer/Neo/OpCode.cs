namespace EnergyChain.NeoPeer.Neo;

/// <summary>The NeoVM instructions the transfer and verification scripts use (values from the NeoVM specification).</summary>
internal enum OpCode : byte
{
    PushInt8 = 0x00,
    PushInt16 = 0x01,
    PushInt32 = 0x02,
    PushInt64 = 0x03,
    PushInt128 = 0x04,
    PushInt256 = 0x05,
    PushNull = 0x0b,
    PushData1 = 0x0c,
    PushM1 = 0x0f,
    Push0 = 0x10,
    Assert = 0x39,
    Syscall = 0x41,
    Pack = 0xc0,
}
