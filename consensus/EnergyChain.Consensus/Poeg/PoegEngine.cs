using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Selection;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// Proof of Energy Generation (thesis chapter 3): households forecast their production and consumption for the
/// next market slot; the first block of each slot settles it by coalition formation (<see cref="PoegRules"/>), and
/// the slot's blocks are sealed by the highest-scoring member of a coalition drawn by its proof score
/// (<see cref="CoalitionLeaderSelector"/>). A sealer that misses its round is slashed and its coalition removed from
/// the draw (eq. 3.24, <see cref="MissedSlotSlashing"/>); the winning coalition is paid M_r in Shapley shares.
/// Blocks are finalized by the same BFT votes as pos, weighted by locked stake.
/// </summary>
public sealed class PoegEngine : IVotingEngine
{
    public PoegEngine(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        Parameters = PoegParameters.FromGenesis(genesis);
        if (genesis.Members.Count > Parameters.MaxHouseholds)
        {
            throw new EngineParameterException("maxHouseholds", $"the genesis has {genesis.Members.Count} members, more than the {Parameters.MaxHouseholds} households one market slot settles");
        }

        Stakes = new StakeWeights(genesis);
        Leaders = new CoalitionLeaderSelector(genesis, Parameters);
        Market = new PoegRules(Parameters, Leaders);
        SealValidator = new ElectedProducerSealValidator(Leaders);
        SlashingPolicy = new MissedSlotSlashing(Leaders);
    }

    public string Name => EngineNames.Poeg;

    public PoegParameters Parameters { get; }

    public ulong ProposeTimeoutMs => Parameters.ProposeTimeoutMs;

    /// <summary>Voting weights: locked stake, as in pos.</summary>
    public StakeWeights Stakes { get; }

    public CoalitionLeaderSelector Leaders { get; }

    public PoegRules Market { get; }

    public ILeaderSelector LeaderSelector => Leaders;

    /// <summary>Election weights are proof scores: each member's PS_Si from the last settled slot.</summary>
    public IProofScoreSource ProofScores => Leaders;

    public ISealValidator SealValidator { get; }

    public IForkChoice ForkChoice => FinalizedThenLongestForkChoice.Instance;

    public ISlashingPolicy SlashingPolicy { get; }

    /// <summary>No block reward: the market's mining reward is paid by the settlement (<see cref="PoegRules"/>).</summary>
    public IRewardPolicy RewardPolicy { get; } = new FixedBlockReward(0);

    public IBlockIncentives Incentives => new EngineIncentives(SlashingPolicy, RewardPolicy);

    public IEngineRules Rules => Market;

    public ValidatorSet VotersAt(IChainState parentState) => Stakes.VotersAt(parentState);

    public PublicKey ProducerFor(IChainState parentState, ulong height, uint round) =>
        Leaders.ProducerFor(parentState.Head.Hash, height, round, parentState);

    public ISealer CreateSealer(PrivateKey producer) => new SignatureSealer(producer);

    public IEvidencePool CreateEvidencePool() => new InMemoryEvidencePool();
}
