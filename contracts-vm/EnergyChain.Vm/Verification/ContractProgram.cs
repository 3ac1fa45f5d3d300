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

/// <summary>A verified function ready to run.</summary>
internal sealed class LoadedFunction(VmFunction source, Instruction[] code)
{
    public int Params { get; } = source.Params;
    public int FrameSize { get; } = source.FrameSize;
    public int Returns { get; } = source.Returns;
    public int MaxStack { get; } = source.MaxStack;
    public Instruction[] Code { get; } = code;
}

/// <summary>
/// A module that passed the verifier and is pre-decoded for execution. Immutable: one instance can be cached per
/// contract and run by many engines.
/// </summary>
public sealed class ContractProgram
{
    internal ContractProgram(VmModule module, LoadedFunction[] functions, byte[][] constants)
    {
        Module = module;
        Functions = functions;
        Constants = constants;
    }

    public VmModule Module { get; }

    public int FunctionCount => Functions.Length;

    internal LoadedFunction[] Functions { get; }

    internal byte[][] Constants { get; }

    public int ParameterCount(int function) => Functions[function].Params;

    public int ReturnCount(int function) => Functions[function].Returns;

    /// <summary>Decode and verify in one step: the deploy-time check.</summary>
    public static bool TryLoad(ReadOnlySpan<byte> bytes, VmLimits limits, out ContractProgram? program, out VmLoadError? error)
    {
        program = null;
        return ModuleCodec.TryDecode(bytes, limits, out var module, out error)
            && Verifier.TryVerify(module!, limits, out program, out error);
    }
}
