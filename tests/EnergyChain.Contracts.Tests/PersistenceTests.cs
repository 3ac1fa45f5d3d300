using EnergyChain.Contracts.Host;
using EnergyChain.Contracts.Native;
using EnergyChain.Contracts.Runtime;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;
using static EnergyChain.Contracts.Tests.ContractHarness;

namespace EnergyChain.Contracts.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ec-contracts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Contract_code_and_storage_survive_a_reopen_of_the_sqlite_store()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "chain.db");
        var store = SqliteBlockStore.Open(path);
        var h = new ContractHarness(users: 2, store: store);
        var deploy = h.Commit(h.DeployTx(h.Users[0], Vm.Assembly.Assembler.AssembleBytes("func f 0 0 1 0\n    ret\n"))).ContractReceipts.Single();
        h.CallOk(h.Users[0], SystemContracts.TradingAddress, 0, 100, I(1), I(10), I(5));
        h.CallOk(h.Users[1], SystemContracts.PenaltyAddress, 0, 700);
        var root = h.Test.Chain.StateRoot;
        store.Dispose();

        using var reopened = SqliteBlockStore.Open(path);
        var chain = Blockchain.Open(reopened, h.Test.Genesis, h.Test.Signatures, contracts: new ContractRuntime());
        Assert.Equal(root, chain.StateRoot);
        Assert.NotNull(ContractStore.CodeOf(chain.GetAccount(deploy.Contract)));
        Assert.Equal(800UL, chain.GetAccount(SystemContracts.TradingAddress).Balance + chain.GetAccount(SystemContracts.PenaltyAddress).Balance);
    }

    [Fact]
    public void A_reorg_takes_contract_storage_back()
    {
        Directory.CreateDirectory(_dir);
        using var store = SqliteBlockStore.Open(Path.Combine(_dir, "reorg.db")); // undo records go through the SQLite codec
        var h = new ContractHarness(users: 2, store: store);
        h.Commit();
        var fork = h.Test.Chain.Head;
        var rootAtFork = h.Test.Chain.StateRoot;
        h.CallOk(h.Users[0], SystemContracts.PenaltyAddress, 0, 700);
        Assert.NotEqual(rootAtFork, h.Test.Chain.StateRoot);

        // A competing branch from the fork point with two empty blocks (longer) replaces the contract block.
        var other = new TestChain(users: 2, seed: "contracts", contracts: new ContractRuntime());
        foreach (var block in h.Blocks.Take(1))
        {
            Assert.True(other.Chain.TryAppend(block).IsValid);
        }

        var branch = new List<Core.Blocks.Block>();
        for (var i = 0; i < 2; i++)
        {
            var block = other.Build([], other.Chain.Head.Timestamp + 7);
            Assert.True(other.Chain.TryAppend(block).IsValid);
            branch.Add(block);
        }

        var result = h.Test.Chain.TryReorganize(branch, finalizedHeight: fork.Height);
        Assert.True(result.IsReorganized, result.Message);
        Assert.Equal(other.Chain.StateRoot, h.Test.Chain.StateRoot);
        Assert.Equal(0UL, h.Test.Chain.GetAccount(SystemContracts.PenaltyAddress).Balance);
    }
}
