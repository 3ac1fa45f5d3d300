using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Verification;

/// <summary>
/// A pre-decoded instruction: jump targets are instruction indices, gas is the base cost. Decoding once at load
/// keeps operand parsing out of the interpreter loop.
/// </summary>
internal struct Instruction
{
    public OpCode Op;
    public byte Args;
    public byte Results;
    public int Gas;

    /// <summary>Jump target index, local slot, constant, function, pick depth, reason code or syscall id.</summary>
    public int A;

    public long Imm;
}
