using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Verification;

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
