using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>
/// One chain of an elected engine (poeg, posoc) driven by hand: blocks are built by whoever the engine elects (all member keys are known here) and
/// appended directly, so market rules can be tested block by block without a network.
/// </summary>
internal class HandChain<TEngine>
    where TEngine : IVotingEngine
{
    public const string ChainId = "energychain-hand-test";
    public const ulong Balance = 1_000_000_000;

    /// <param name="engine">The genesis engine name.</param>
    /// <param name="engineParameters">Its <c>consensus.params</c> JSON.</param>
    /// <param name="create">Builds the engine from the genesis.</param>
    /// <param name="members">Number of members (all keys known to the test).</param>
    /// <param name="contracts">When given, the contract runtime the chain runs with (as a node does).</param>
    /// <param name="meters">Whether each member has a meter key in genesis (<see cref="Meters"/>).</param>
    public HandChain(string engine, string engineParameters, Func<GenesisDocument, TEngine> create, int members = 4, IContractRuntime? contracts = null, bool meters = false)
    {
        Keys = [.. Enumerable.Range(0, members).Select(i => PrivateKey.FromSeed($"{engine}/member/{i}"))];
        Meters = [.. Enumerable.Range(0, members).Select(i => PrivateKey.FromSeed($"{engine}/meter/{i}"))];
        Outsider = PrivateKey.FromSeed($"{engine}/outsider");
        Genesis = GenesisLoader.Create(
            ChainId,
            1_795_000_000_000,
            engine,
            Keys.Select((k, i) => new GenesisMember($"member{i}", k.PublicKey, meters ? Meters[i].PublicKey : null)),
            Keys.Select(k => new GenesisAccount(k.Address, Balance, 1_000_000)).Append(new GenesisAccount(Outsider.Address, Balance, 0)),
            engineParametersJson: engineParameters);
        Engine = create(Genesis);
        Contracts = contracts;
        Chain = Blockchain.Open(new InMemoryBlockStore(), Genesis, new SignatureVerifier(CryptoBackends.Default), Engine.Incentives, Contracts, Engine.Rules);
        Pool = new TxPool(Chain);
    }

    public PrivateKey[] Keys { get; }

    /// <summary>Member i's meter key (registered in genesis only when the chain was built with meters).</summary>
    public PrivateKey[] Meters { get; }

    public PrivateKey Outsider { get; }

    public GenesisDocument Genesis { get; }

    public TEngine Engine { get; }

    public Blockchain Chain { get; }

    /// <summary>The contract runtime when the chain was built with contracts, else null.</summary>
    public IContractRuntime? Contracts { get; }

    public TxPool Pool { get; }

    public ulong NextHeight => Chain.Head.Height + 1;

    public Transaction Tx(PrivateKey key, TxPayload payload)
    {
        // The next nonce after what is committed and pending; a refused transaction uses none.
        var committed = Chain.GetAccount(key.Address).Nonce;
        var nonce = committed + (ulong)Pool.PendingRun(key.Address, committed);
        return Transaction.Create(ChainId, key, nonce, 1, payload);
    }

    public PrivateKey KeyOf(PublicKey member) => Keys.Single(k => k.PublicKey.Equals(member));

    /// <summary>Builds the next block (round <paramref name="round"/>'s elected producer) from the pool plus <paramref name="extra"/>, and appends it.</summary>
    public Block Produce(uint round = 0, IEnumerable<Transaction>? extra = null)
    {
        var block = Build(round, extra);
        var result = Chain.TryAppend(block);
        Assert.True(result.IsValid, result.ToString());
        return block;
    }

    public Block Build(uint round = 0, IEnumerable<Transaction>? extra = null)
    {
        var producer = KeyOf(Engine.ProducerFor(Chain, NextHeight, round));
        var candidates = Pool.SelectForBlock(1000, 1 << 20).Concat(extra ?? []);
        return Chain.Executor.BuildBlock(Chain, candidates, producer, Chain.Head.Timestamp + 1000, slot: round).Block;
    }

    /// <summary>Produces blocks until the next block is at <paramref name="height"/>.</summary>
    public void ProduceUntilNext(ulong height)
    {
        while (NextHeight < height)
        {
            Produce();
        }
    }
}
