using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class ContractCommandTests : IDisposable
{
    private static readonly PrivateKey Alice = PrivateKey.FromSeed("cli/contract/alice");
    private static readonly PrivateKey Bob = PrivateKey.FromSeed("cli/contract/bob");
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task Deploy_assembles_ecasm_and_submits_code_with_constructor_args()
    {
        await _wallet.ImportAsync(Alice);
        var source = Path.Combine(_wallet.Root, "probe.ecasm");
        await File.WriteAllTextAsync(source, "func init 2 0 2 0\n    ret\n");

        var result = await _wallet.RunAsync("contract", "deploy", source, "--args", "42", "s:hi", "--gas", "50000");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        var deploy = Assert.IsType<ContractDeployPayload>(tx.Payload);
        Assert.Equal(Vm.Assembly.Assembler.AssembleBytes(await File.ReadAllTextAsync(source)), deploy.Code);
        Assert.Equal([ContractArg.Int(42), ContractArg.Of("hi"u8.ToArray())], deploy.InitArgs);
        Assert.Equal(50_000UL, deploy.GasLimit);
        Assert.Contains("ContractDeploy", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_takes_raw_bytecode_and_reports_assembly_errors()
    {
        await _wallet.ImportAsync(Alice);
        var bin = Path.Combine(_wallet.Root, "code.bin");
        await File.WriteAllBytesAsync(bin, [1, 2, 3]);
        Assert.Equal(0, (await _wallet.RunAsync("contract", "deploy", bin)).ExitCode);
        Assert.Equal([1, 2, 3], Assert.IsType<ContractDeployPayload>(Assert.Single(_wallet.Node.Submitted).Payload).Code);

        var bad = Path.Combine(_wallet.Root, "bad.ecasm");
        await File.WriteAllTextAsync(bad, "func f 0 0 1 0\n    frobnicate\n");
        var result = await _wallet.RunAsync("contract", "deploy", bad);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("bad.ecasm", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_encodes_function_arguments_value_and_gas()
    {
        await _wallet.ImportAsync(Alice);
        var contract = PrivateKey.FromSeed("cli/contract").Address;

        var result = await _wallet.RunAsync(
            "contract", "call", contract.ToString(), "f3", "--args", "-7", "0xC0FFEE", Bob.Address.ToString(), "--value", "1.5EC", "--gas", "12345");

        Assert.True(result.ExitCode == 0, result.Error);
        var call = Assert.IsType<ContractCallPayload>(Assert.Single(_wallet.Node.Submitted).Payload);
        var bob = new byte[Address.Size];
        Bob.Address.CopyTo(bob);
        Assert.Equal(new ContractCallPayload(contract, 3, [ContractArg.Int(-7), ContractArg.Of([0xC0, 0xFF, 0xEE]), ContractArg.Of(bob)], 1_500_000, 12_345), call);
    }

    [Fact]
    public async Task Call_defaults_and_usage_errors()
    {
        await _wallet.ImportAsync(Alice);
        var contract = PrivateKey.FromSeed("cli/contract").Address.ToString();
        Assert.Equal(0, (await _wallet.RunAsync("contract", "call", contract, "0")).ExitCode);
        var call = Assert.IsType<ContractCallPayload>(Assert.Single(_wallet.Node.Submitted).Payload);
        Assert.Equal((0, 0UL, 1_000_000UL), (call.Args.Count, call.Value, call.GasLimit));

        Assert.NotEqual(0, (await _wallet.RunAsync("contract", "call", contract, "zero")).ExitCode);
        Assert.NotEqual(0, (await _wallet.RunAsync("contract", "call", contract, "1", "--args", "0xZZ")).ExitCode);
        Assert.NotEqual(0, (await _wallet.RunAsync("contract", "call", contract, "1", "--args", "what")).ExitCode);
        Assert.Single(_wallet.Node.Submitted);
    }
}
