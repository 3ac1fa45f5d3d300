using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Verification;

/// <summary>A verified function ready to run.</summary>
internal sealed class LoadedFunction(VmFunction source, Instruction[] code)
{
    public int Params { get; } = source.Params;
    public int FrameSize { get; } = source.FrameSize;
    public int Returns { get; } = source.Returns;
    public int MaxStack { get; } = source.MaxStack;
    public Instruction[] Code { get; } = code;
}
