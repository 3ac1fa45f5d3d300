using EnergyChain.Contracts.Runtime;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Contracts.Tests;

/// <summary>A test chain with the contract runtime: one block per call, gas fees tracked per sender.</summary>
internal sealed class ContractHarness
{
    public const ulong Gas = 1_000_000;

    private readonly Dictionary<Address, ulong> _nonces = new();
    private readonly Dictionary<Address, ulong> _gasPaid = new();

    public ContractHarness(int users = 6, string seed = "contracts", Core.Storage.IBlockStore? store = null)
    {
        Runtime = new ContractRuntime();
        Test = new TestChain(users, store: store, seed: seed, contracts: Runtime);
    }

    public ContractRuntime Runtime { get; }

    public TestChain Test { get; }

    public List<Block> Blocks { get; } = [];

    public PrivateKey[] Users => Test.Users;

    public PrivateKey Producer => Test.Producer;

    public ulong Balance(Address address) => Test.Chain.GetAccount(address).Balance;

    public ulong Balance(PrivateKey key) => Balance(key.Address);

    /// <summary>Gas fees <paramref name="key"/> paid so far in harness calls.</summary>
    public ulong GasPaid(PrivateKey key) => _gasPaid.GetValueOrDefault(key.Address);

    public Transaction CallTx(PrivateKey from, Address contract, ushort function, ulong value, params ContractArg[] args) =>
        Test.Signed(from, NextNonce(from), new ContractCallPayload(contract, function, args, value, Gas));

    public Transaction DeployTx(PrivateKey from, byte[] code, params ContractArg[] args) =>
        Test.Signed(from, NextNonce(from), new ContractDeployPayload(code, args, Gas));

    public ContractReceipt Call(PrivateKey from, Address contract, ushort function, ulong value, params ContractArg[] args) =>
        Commit(CallTx(from, contract, function, value, args)).ContractReceipts.Single();

    /// <summary>Calls and requires status Ok; returns the receipt.</summary>
    public ContractReceipt CallOk(PrivateKey from, Address contract, ushort function, ulong value, params ContractArg[] args)
    {
        var receipt = Call(from, contract, function, value, args);
        Assert.True(receipt.Status == ContractStatus.Ok, $"call {function} ended {receipt.Status} fault={receipt.Fault} abort={receipt.AbortCode}");
        return receipt;
    }

    /// <summary>Builds, commits and returns the block result; every transaction must be included.</summary>
    public BlockApplyResult Commit(params Transaction[] transactions)
    {
        var built = Test.Chain.Executor.BuildBlock(Test.Chain, transactions, Producer, Test.Chain.Head.Timestamp + 1000);
        if (built.Skipped.Count > 0)
        {
            throw new InvalidOperationException($"transaction left out: {built.Skipped[0].Reason}");
        }

        var result = Test.Chain.TryAppend(built.Block);
        Assert.True(result.IsValid, result.ToString());

        // What the builder computed is what Apply computed (a proposer commits its own block with the former).
        Assert.Equal(result.StateRoot, built.Result.StateRoot);
        Assert.Equal(result.FeesCollected, built.Result.FeesCollected);
        Assert.Equal(result.ContractReceipts.Select(Describe), built.Result.ContractReceipts.Select(Describe));
        Blocks.Add(built.Block);
        foreach (var receipt in result.ContractReceipts)
        {
            var sender = built.Block.Transactions.Single(t => t.Hash == receipt.TxHash).SenderAddress;
            _gasPaid[sender] = _gasPaid.GetValueOrDefault(sender) + receipt.GasFee;
        }

        return result;
    }

    private static string Describe(ContractReceipt r) =>
        $"{r.TxHash} {r.Contract} {r.Status} {r.GasUsed} {r.GasFee} {r.AbortCode} {r.Fault} "
        + string.Join(",", r.Events.Select(e => $"{e.Contract}:{Convert.ToHexString(e.Topic)}:{Convert.ToHexString(e.Data)}")) + " "
        + string.Join(",", r.Returns.Select(a => a.Bytes is null ? $"{a.Integer}" : Convert.ToHexString(a.Bytes)));

    public void AdvanceBlocks(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Commit();
        }
    }

    public ulong Height => Test.Chain.Head.Height;

    private ulong NextNonce(PrivateKey from)
    {
        if (!_nonces.TryGetValue(from.Address, out var nonce))
        {
            nonce = Test.Chain.GetAccount(from.Address).Nonce;
        }

        _nonces[from.Address] = nonce + 1;
        return nonce;
    }

    public static ContractArg I(long value) => ContractArg.Int(value);

    public static ContractArg B(byte[] value) => ContractArg.Of(value);

    public static byte[] AddressBytes(Address address)
    {
        var bytes = new byte[Address.Size];
        address.CopyTo(bytes);
        return bytes;
    }
}
