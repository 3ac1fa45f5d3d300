using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
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
        Assert.Equal(0, view.ProofScore(Members[0].Address, 1)); // not attached yet
        view.Attach(chain);

        Assert.Equal(100, view.ProofScore(Members[0].Address, 1));
        Assert.Equal(300, view.ProofScore(Members[2].Address, 1));
        Assert.Equal(0, view.ProofScore(PrivateKey.FromSeed("view/stranger").Address, 1));
        Assert.Equal(engine.ProducerFor(chain, 1, 0).Address, view.ElectedMiner(1));

        // Only the block on top of the head has a defined answer.
        Assert.Equal(0, view.ProofScore(Members[0].Address, 2));
        Assert.Null(view.ElectedMiner(2));
    }

    [Fact]
    public void Under_pow_nobody_is_elected_and_there_are_no_scores()
    {
        var genesis = Genesis("pow");
        var engine = new PowEngine(PowParameters.FromGenesis(genesis));
        var view = new EngineConsensusView(engine);
        view.Attach(Blockchain.Open(new InMemoryBlockStore(), genesis, new SignatureVerifier(CryptoBackends.Default), engine.Incentives));
        Assert.Equal(0, view.ProofScore(Members[0].Address, 1));
        Assert.Null(view.ElectedMiner(1));
    }

    private static GenesisDocument Genesis(string engine) => GenesisLoader.Create(
        "view-test",
        1_795_000_000_000,
        engine,
        Members.Select((k, i) => new GenesisMember($"m{i}", k.PublicKey)),
        Members.Select((k, i) => new GenesisAccount(k.Address, 1_000, (ulong)(i + 1) * 100)));
}
