using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Selection;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Pos;

/// <summary>
/// Proof of stake: the producer of each (height, round) is a weighted random draw over locked stakes
/// (<see cref="StakeWeights"/>, <see cref="WeightedLeaderSelector"/>); a producer that misses its round is
/// slashed by the block of a later round (<see cref="MissedSlotSlashing"/>); members vote with their stake and a
/// block is final with more than two thirds of it (<see cref="Replica"/>). Stake, unstake, unbonding and the
/// slashing rule itself live in the core, configured by genesis <c>parameters</c>.
/// </summary>
public sealed class PosEngine : IVotingEngine
{
    public PosEngine(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        Parameters = PosParameters.FromGenesis(genesis);
        Weights = new StakeWeights();
        Leaders = new WeightedLeaderSelector(Weights);
        SealValidator = new ElectedProducerSealValidator(Leaders);
        SlashingPolicy = new MissedSlotSlashing(Leaders);
    }

    public string Name => EngineNames.Pos;

    public PosParameters Parameters { get; }

    public ulong ProposeTimeoutMs => Parameters.ProposeTimeoutMs;

    /// <summary>PoS has no engine transactions or block-level work: reports are only recorded.</summary>
    public IEngineRules? Rules => null;

    public StakeWeights Weights { get; }

    public WeightedLeaderSelector Leaders { get; }

    public ILeaderSelector LeaderSelector => Leaders;

    public IProofScoreSource ProofScores => Weights;

    public ISealValidator SealValidator { get; }

    public IForkChoice ForkChoice => FinalizedThenLongestForkChoice.Instance;

    public ISlashingPolicy SlashingPolicy { get; }

    /// <summary>No minted reward: fees go to the producer; rewards come through the reward contract.</summary>
    public IRewardPolicy RewardPolicy { get; } = new FixedBlockReward(0);

    /// <summary>What the core applies in every block: missed-slot penalties, no minted reward.</summary>
    public IBlockIncentives Incentives => new EngineIncentives(SlashingPolicy, RewardPolicy);

    /// <summary>The voting members and weights for the block after <paramref name="parentState"/>.</summary>
    public ValidatorSet VotersAt(IChainState parentState) => Weights.VotersAt(parentState);

    /// <summary>The producer of <paramref name="height"/> in <paramref name="round"/> on top of <paramref name="parentState"/>'s head.</summary>
    public PublicKey ProducerFor(IChainState parentState, ulong height, uint round) =>
        Leaders.ProducerFor(parentState.Head.Hash, height, round, parentState);

    public ISealer CreateSealer(PrivateKey producer) => new SignatureSealer(producer);

    public IEvidencePool CreateEvidencePool() => new InMemoryEvidencePool();
}
