using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Selection;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Single;

/// <summary>
/// The development engine: one designated producer (<see cref="DesignatedProducer"/>) signs every block and the other
/// members follow. No election (contracts see no proof scores and no elected miner), no penalties, no reward, no
/// engine transactions; every committed block is final because nobody else may produce one.
/// </summary>
public sealed class SingleEngine : IConsensusEngine
{
    public SingleEngine(GenesisDocument genesis)
    {
        Producer = DesignatedProducer.FromGenesis(genesis);
        SealValidator = new DesignatedProducerSealValidator(Producer);
    }

    public string Name => EngineNames.Single;

    public DesignatedProducer Producer { get; }

    /// <summary>Null: the producer is fixed, nobody is drawn.</summary>
    public ILeaderSelector? LeaderSelector => null;

    public IProofScoreSource? ProofScores => null;

    public ISealValidator SealValidator { get; }

    public IForkChoice ForkChoice => FinalizedThenLongestForkChoice.Instance;

    public ISlashingPolicy SlashingPolicy => NoSlashing.Instance;

    public IRewardPolicy RewardPolicy { get; } = new FixedBlockReward(0);

    /// <summary>None: fees go to the producer and nothing else moves.</summary>
    public IBlockIncentives Incentives => NoBlockIncentives.Instance;

    public IEngineRules? Rules => null;

    public ISealer CreateSealer(PrivateKey producer) => new SignatureSealer(producer);

    public IEvidencePool CreateEvidencePool() => new InMemoryEvidencePool();
}
