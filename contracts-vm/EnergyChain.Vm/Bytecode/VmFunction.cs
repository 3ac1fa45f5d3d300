namespace EnergyChain.Vm.Bytecode;

/// <summary>
/// One function as stored: its frame shape and raw code. <see cref="Locals"/> counts the slots after the
/// parameters; <see cref="MaxStack"/> bounds the operand stack above them and is checked by the verifier.
/// </summary>
public sealed record VmFunction(byte Params, byte Locals, byte Returns, ushort MaxStack, byte[] Code)
{
    public int FrameSize => Params + Locals;
}
