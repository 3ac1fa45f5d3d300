using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Tests.Hosting;

public sealed class EngineConsensusViewTests
{
    private static readonly PrivateKey[] Members = [.. Enumerable.Range(0, 3).Select(i => PrivateKey.FromSeed($"view/member/{i}"))];

    [Fact]
    public void Under_pos_contracts_see_the_stakes_and_round_zeros_elected_miner_for_the_block_being_made()
    {
        var genesis = Genesis("pos");
        var engine = new PosEngine(genesis);
        var view = new EngineConsensusView(engine);
        var chain = Blockchain.Open(new InMemoryBlockStore(), genesis, new SignatureVerifier(CryptoBackends.Default), engine.Incentives);
        Assert.Equal(0, view.ProofScore(Members[0].Address, Block(1, null))); // outside a block: no parent state

        Assert.Equal(100, view.ProofScore(Members[0].Address, Block(1, chain)));
        Assert.Equal(300, view.ProofScore(Members[2].Address, Block(1, chain)));
        Assert.Equal(0, view.ProofScore(PrivateKey.FromSeed("view/stranger").Address, Block(1, chain)));
        Assert.Equal(engine.ProducerFor(chain, 1, 0).Address, view.ElectedMiner(Block(1, chain)));

        // Only the block on top of the parent has a defined answer.
        Assert.Equal(0, view.ProofScore(Members[0].Address, Block(2, chain)));
        Assert.Null(view.ElectedMiner(Block(2, chain)));
    }

    [Fact]
    public void Under_pow_nobody_is_elected_and_there_are_no_scores()
    {
        var genesis = Genesis("pow");
        var engine = new PowEngine(PowParameters.FromGenesis(genesis));
        var view = new EngineConsensusView(engine);
        var chain = Blockchain.Open(new InMemoryBlockStore(), genesis, new SignatureVerifier(CryptoBackends.Default), engine.Incentives);
        Assert.Equal(0, view.ProofScore(Members[0].Address, Block(1, chain)));
        Assert.Null(view.ElectedMiner(Block(1, chain)));
    }

    /// <summary>The context of a contract call in the block at <paramref name="height"/> on top of <paramref name="parent"/>.</summary>
    private static ContractContext Block(ulong height, IChainState? parent) => new(height, 0, 0, default, default, parent);

    private static GenesisDocument Genesis(string engine) => GenesisLoader.Create(
        "view-test",
        1_795_000_000_000,
        engine,
        Members.Select((k, i) => new GenesisMember($"m{i}", k.PublicKey)),
        Members.Select((k, i) => new GenesisAccount(k.Address, 1_000, (ulong)(i + 1) * 100)));
}
