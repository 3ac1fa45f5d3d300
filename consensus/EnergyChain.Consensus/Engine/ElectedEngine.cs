using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Pos;
using EnergyChain.Consensus.Selection;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// What the elected, vote-finalized engines (pos, poeg, posoc) share: an elected producer per (height, round)
/// sealing with its signature, missed rounds slashed (eq. 3.24), no minted block reward, BFT votes weighted by
/// locked stake, highest-finalized fork choice. An engine supplies its name, its election and its own rules.
/// </summary>
public abstract class ElectedEngine : IVotingEngine
{
    protected ElectedEngine(GenesisDocument genesis, IRoundLeaderSelector leaders)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        Stakes = new StakeWeights();
        Elections = leaders;
        SealValidator = new ElectedProducerSealValidator(leaders);
        SlashingPolicy = new MissedSlotSlashing(leaders);
    }

    public abstract string Name { get; }

    public abstract ulong ProposeTimeoutMs { get; }

    /// <summary>Voting weights: locked stake.</summary>
    public StakeWeights Stakes { get; }

    public ILeaderSelector LeaderSelector => Elections;

    public abstract IProofScoreSource ProofScores { get; }

    public ISealValidator SealValidator { get; }

    public IForkChoice ForkChoice => FinalizedThenLongestForkChoice.Instance;

    public ISlashingPolicy SlashingPolicy { get; }

    /// <summary>No minted block reward: fees go to the producer; engines pay their own rewards in their rules.</summary>
    public IRewardPolicy RewardPolicy { get; } = new FixedBlockReward(0);

    public IBlockIncentives Incentives => new EngineIncentives(SlashingPolicy, RewardPolicy);

    public abstract IEngineRules? Rules { get; }

    private IRoundLeaderSelector Elections { get; }

    public ValidatorSet VotersAt(IChainState parentState) => Stakes.VotersAt(parentState);

    public PublicKey ProducerFor(IChainState parentState, ulong height, uint round) =>
        Elections.ProducerFor(parentState.Head.Hash, height, round, parentState);

    public ISealer CreateSealer(PrivateKey producer) => new SignatureSealer(producer);

    public IEvidencePool CreateEvidencePool() => new InMemoryEvidencePool();
}
