namespace EnergyChain.Vm.Bytecode;

/// <summary>
/// One function as stored: its frame shape and raw code. <see cref="Locals"/> counts the slots after the
/// parameters; <see cref="MaxStack"/> bounds the operand stack above them and is checked by the verifier.
/// </summary>
public sealed record VmFunction(byte Params, byte Locals, byte Returns, ushort MaxStack, byte[] Code)
{
    public int FrameSize => Params + Locals;
}

/// <summary>A decoded but not yet verified contract: constants and functions. Function 0 is conventionally the entry.</summary>
public sealed record VmModule(byte Version, IReadOnlyList<byte[]> Constants, IReadOnlyList<VmFunction> Functions);
