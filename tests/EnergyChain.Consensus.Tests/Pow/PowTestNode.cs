using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using EnergyChain.TestKit;

namespace EnergyChain.Consensus.Tests.Pow;

/// <summary>
/// One in-process PoW node for tests: a chain over an in-memory store with the pow engine's incentives, its
/// block tree, a mempool kept right across reorganizations, and a miner key. No network, no wall clock.
/// </summary>
internal sealed class PowTestNode : IDisposable
{
    /// <summary>8 leading zero bits (about 256 hashes a block) and no retarget within a test.</summary>
    public const string EasyParameters = """{"initialDifficultyBits":8,"minDifficultyBits":8,"retargetInterval":100000,"targetBlockMs":1000,"blockReward":5}""";

    public static readonly PrivateKey[] Miners = [.. Enumerable.Range(0, 3).Select(i => PrivateKey.FromSeed($"pow-test/miner/{i}"))];

    public static readonly PrivateKey[] Users = [.. Enumerable.Range(0, 2).Select(i => PrivateKey.FromSeed($"pow-test/user/{i}"))];

    public static readonly GenesisDocument Genesis = LocalNetwork.WithEngineParameters(
        GenesisLoader.Create(
            "energychain-pow-test",
            TestChain.GenesisTime,
            EngineNames.Pow,
            Miners.Select((k, i) => new GenesisMember($"miner{i}", k.PublicKey)),
            Users.Select(u => new GenesisAccount(u.Address, TestChain.InitialBalance, 0))),
        EasyParameters);

    private readonly IDisposable _mempool;

    public PowTestNode(int miner, int confirmations = PowChain.DefaultConfirmations)
    {
        Key = Miners[miner];
        Engine = new PowEngine(PowParameters.FromGenesis(Genesis), minerThreads: 1);
        Chain = Blockchain.Open(new InMemoryBlockStore(), Genesis, new SignatureVerifier(CryptoBackends.Default), new EngineIncentives(Engine));
        Pow = new PowChain(Chain, Engine, Time, confirmations);
        Pool = new TxPool(Chain);
        _mempool = PowMempool.Attach(Chain, Pool);
        Sealer = Engine.CreatePowSealer(Key);
    }

    /// <summary>A fixed clock a day after genesis: blocks are stamped from their parent, never from it.</summary>
    public static TimeProvider Time { get; } = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(TestChain.GenesisTime).AddDays(1));

    public PrivateKey Key { get; }

    public PowEngine Engine { get; }

    public Blockchain Chain { get; }

    public PowChain Pow { get; }

    public TxPool Pool { get; }

    public PowSealer Sealer { get; }

    /// <summary>Mines the next block on this node's head from <paramref name="transactions"/> and imports it.</summary>
    public async Task<Block> MineAsync(params Transaction[] transactions)
    {
        var block = await MineOnHeadAsync(transactions);
        var result = Pow.Import(block);
        Assert.True(result.Status == PowImportStatus.Committed, result.ToString());
        return block;
    }

    /// <summary>Mines the next block on this node's head without importing it.</summary>
    public async Task<Block> MineOnHeadAsync(params Transaction[] transactions)
    {
        var (built, parent) = Pow.OnHead(c => c.Executor.BuildBlock(c, transactions, Key, c.Head.Timestamp + 1000));
        Assert.Equal(transactions.Length, built.Block.Transactions.Count);
        var header = await Sealer.SealAsync(built.Block.Header, new SealContext(parent, Pow), CancellationToken.None);
        return new Block(header, built.Block.Transactions);
    }

    /// <summary>Imports <paramref name="blocks"/> in order; returns each outcome.</summary>
    public List<PowImportResult> ImportAll(IEnumerable<Block> blocks) => [.. blocks.Select(Pow.Import)];

    public void Dispose()
    {
        _mempool.Dispose();
        Chain.Store.Dispose();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
