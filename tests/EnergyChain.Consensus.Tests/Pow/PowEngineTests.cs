using System.Numerics;
using System.Text.RegularExpressions;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;

namespace EnergyChain.Consensus.Tests.Pow;

public sealed class PowEngineTests
{
    private static readonly PrivateKey Miner = PrivateKey.FromSeed("pow-engine/miner");
    private static readonly PrivateKey User = PrivateKey.FromSeed("pow-engine/user");

    private static GenesisDocument Genesis(string paramsJson)
    {
        var draft = GenesisLoader.Create(
            "energychain-pow-test",
            1_795_000_000_000,
            EngineNames.Pow,
            [new GenesisMember("miner", Miner.PublicKey)],
            [new GenesisAccount(User.Address, 1_000_000, 0)]);
        var json = Regex.Replace(GenesisLoader.ToJson(draft), "\"params\"\\s*:\\s*\\{\\s*\\}", "\"params\": " + paramsJson);
        return GenesisLoader.Parse(json);
    }

    [Fact]
    public void The_engine_is_an_open_competition_on_heaviest_work_without_slashing()
    {
        var engine = new PowEngine(PowParameters.Parse("""{ "blockReward": 5000 }"""));

        Assert.Equal("pow", engine.Name);
        Assert.Null(engine.LeaderSelector);
        Assert.IsType<HeaviestWorkForkChoice>(engine.ForkChoice);
        Assert.IsType<NoSlashing>(engine.SlashingPolicy);
        Assert.IsType<PowSealValidator>(engine.SealValidator);
        Assert.Equal(5000UL, Assert.IsType<FixedBlockReward>(engine.RewardPolicy).Reward);
        Assert.IsType<InMemoryEvidencePool>(engine.CreateEvidencePool());
        var sealer = Assert.IsType<PowSealer>(engine.CreateSealer(Miner));
        Assert.Equal(Environment.ProcessorCount, sealer.Threads);
        Assert.Equal(3, Assert.IsType<PowSealer>(new PowEngine(new PowParameters(), minerThreads: 3).CreateSealer(Miner)).Threads);
    }

    [Fact]
    public void The_registry_creates_the_engine_from_genesis_parameters()
    {
        var registry = new EngineRegistry().Register(new PowModule());
        Assert.Equal(["pow"], registry.Names);

        var engine = Assert.IsType<PowEngine>(registry.Create(Genesis("""{ "initialDifficultyBits": 12, "blockReward": 7, "retargetInterval": 8 }""")));
        Assert.Equal(7UL, engine.Parameters.BlockReward);
        Assert.Equal(8UL, engine.Parameters.RetargetInterval);
        Assert.Equal(PowTarget.Normalize(PowTarget.FromLeadingZeroBits(12)), engine.Parameters.InitialTarget);

        var e = Assert.Throws<EngineParameterException>(() => registry.Create(Genesis("""{ "blockReward": -1 }""")));
        Assert.Equal("blockReward", e.Field);
    }

    [Fact]
    public async Task Mined_blocks_are_accepted_by_the_core_and_pay_the_block_reward_to_the_miner()
    {
        var genesis = Genesis("""{ "initialDifficultyBits": 10, "minDifficultyBits": 8, "blockReward": 1234 }""");
        var engine = (PowEngine)new EngineRegistry().Register(new PowModule(minerThreads: 2)).Create(genesis);
        var chain = Blockchain.Open(new InMemoryBlockStore(), genesis, new SignatureVerifier(Miner.Crypto), engine.Incentives);
        var book = new HeaderBook();
        book.Add(chain.Store.GetBlock(0)!.Header);
        var sealer = engine.CreateSealer(Miner);
        var totalWork = BigInteger.Zero;
        for (var i = 1; i <= 3; i++)
        {
            var parent = chain.Store.GetBlock(chain.Head.Hash)!.Header;
            var built = chain.Executor.BuildBlock(chain, [], Miner, parent.Timestamp + 2000).Block;
            var context = new SealContext(parent, book);
            var mined = await sealer.SealAsync(built.Header, context, CancellationToken.None);

            Assert.Equal(SealVerdict.Valid, engine.SealValidator.Validate(mined, context));
            var result = chain.TryAppend(new Block(mined, built.Transactions));
            Assert.True(result.IsValid, result.ToString());
            book.Add(mined);
            totalWork = PowWork.Cumulative(totalWork, mined);
        }

        Assert.Equal(3UL * 1234, chain.GetAccount(Miner.Address).Balance);
        Assert.Equal(3 * PowTarget.Work(engine.Parameters.InitialTarget), totalWork);

        // A block signed by its producer but never mined passes the core's signature check, not the engine's seal check.
        var head = chain.Store.GetBlock(chain.Head.Hash)!.Header;
        var unmined = chain.Executor.BuildBlock(chain, [], Miner, head.Timestamp + 2000).Block.Header;
        Assert.False(engine.SealValidator.Validate(unmined, new SealContext(head, book)).IsValid);
    }

    [Fact]
    public void Heavier_branches_win_even_when_shorter()
    {
        var easy = new BlockHeader { Height = 1, ConsensusData = PowSeal.For(PowTarget.Normalize(PowTarget.FromLeadingZeroBits(8)), 0).Encode() };
        var hard = new BlockHeader { Height = 1, ConsensusData = PowSeal.For(PowTarget.Normalize(PowTarget.FromLeadingZeroBits(12)), 0).Encode() };
        var genesis = new BlockHeader();

        Assert.Equal(BigInteger.Zero, PowWork.Of(genesis));
        var longEasy = PowWork.Sum([genesis, easy, easy, easy]);
        var shortHard = PowWork.Sum([genesis, hard]);
        Assert.Equal(3 * 256, (int)longEasy);
        Assert.Equal(4096, (int)shortHard);

        var fork = new PowEngine(new PowParameters()).ForkChoice;
        Assert.True(fork.Prefers(new ChainTip(hard.Hash, 1, shortHard, 0), new ChainTip(easy.Hash, 3, longEasy, 0)));
        Assert.False(fork.Prefers(new ChainTip(easy.Hash, 3, longEasy, 0), new ChainTip(hard.Hash, 1, shortHard, 0)));
    }

    [Fact]
    public void Parameters_default_when_absent_and_parse_the_block_reward()
    {
        var defaults = PowParameters.Parse(null);
        Assert.Equal(0UL, defaults.BlockReward);
        Assert.Equal(new PowParameters(), defaults);
        Assert.Equal(PowParameters.MaxBlockReward, PowParameters.Parse($$"""{ "blockReward": {{PowParameters.MaxBlockReward}} }""").BlockReward);
        Assert.Equal(42UL, PowParameters.Parse("""{ "blockReward": "42" }""").BlockReward);
        Assert.Equal(
            PowTarget.Normalize(PowTarget.FromLeadingZeroBits(16)),
            PowParameters.Parse("""{ "initialTargetHex": "0000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" }""").InitialTarget);
    }

    [Theory]
    [InlineData("""{ "blockReward": -1 }""", "blockReward")]
    [InlineData("""{ "blockReward": 1.5 }""", "blockReward")]
    [InlineData("""{ "blockReward": "lots" }""", "blockReward")]
    [InlineData("""{ "blockReward": true }""", "blockReward")]
    [InlineData("""{ "blockReward": 1000000001 }""", "blockReward")]
    [InlineData("""{ "targetBlockMs": 0 }""", "targetBlockMs")]
    [InlineData("""{ "retargetInterval": 0 }""", "retargetInterval")]
    [InlineData("""{ "maxAdjustmentFactor": 0 }""", "maxAdjustmentFactor")]
    [InlineData("""{ "maxAdjustmentFactor": 17 }""", "maxAdjustmentFactor")]
    [InlineData("""{ "initialDifficultyBits": 256 }""", "initialDifficultyBits")]
    [InlineData("""{ "initialDifficultyBits": 4, "minDifficultyBits": 8 }""", "initialDifficultyBits")]
    [InlineData("""{ "initialTargetHex": "xyz" }""", "initialTargetHex")]
    [InlineData("""{ "initialTargetHex": "00ff", "initialDifficultyBits": 20 }""", "initialTargetHex")]
    [InlineData("""{ "blockreward": 5 }""", "blockreward")]
    [InlineData("""{ "blockReward": 1, "blockReward": 2 }""", "blockReward")]
    [InlineData("""[1]""", "")]
    public void Bad_parameters_name_the_field(string json, string field)
    {
        var e = Assert.Throws<EngineParameterException>(() => PowParameters.Parse(json));
        Assert.Equal(field, e.Field);
        Assert.StartsWith("consensus.params", e.Message, StringComparison.Ordinal);
    }
}
