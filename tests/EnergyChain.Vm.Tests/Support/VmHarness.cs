using EnergyChain.Vm.Assembly;
using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Verification;

namespace EnergyChain.Vm.Tests.Support;

/// <summary>Assemble, load and run in one line.</summary>
public static class VmHarness
{
    public static ContractProgram Load(string source, VmLimits? limits = null)
    {
        var bytes = Assembler.AssembleBytes(source);
        Assert.True(ContractProgram.TryLoad(bytes, limits ?? VmLimits.Default, out var program, out var error), error?.ToString());
        return program!;
    }

    public static VmLoadError Reject(string source, VmLimits? limits = null)
    {
        var bytes = Assembler.AssembleBytes(source);
        Assert.False(ContractProgram.TryLoad(bytes, limits ?? VmLimits.Default, out _, out var error), "the verifier accepted it");
        return error!;
    }

    public static VmResult Run(string source, long gas = 1_000_000, IVmHost? host = null, params VmValue[] args) =>
        new VmEngine().Execute(Load(source), 0, args, gas, host ?? new TestHost());

    public static string ContractSource(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", name));
}
