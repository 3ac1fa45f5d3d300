using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Selection;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>
/// A test-only engine that no build ships: members propose in turn (height + round modulo the member count), vote with
/// equal weight, and nothing is slashed or paid. It shows that an engine needs nothing but the module contract.
/// </summary>
public sealed class RoundRobinEngine(GenesisDocument genesis) : IVotingEngine, IProofScoreSource, ILeaderSelector
{
    public const string EngineName = "round-robin";

    private readonly PublicKey[] _members = [.. genesis.Members.Select(m => m.PublicKey)];

    public string Name => EngineName;

    public ulong ProposeTimeoutMs => 600;

    public ILeaderSelector? LeaderSelector => this;

    public IProofScoreSource? ProofScores => this;

    public ISealValidator SealValidator => new ElectedProducerSealValidator(this);

    public IForkChoice ForkChoice => FinalizedThenLongestForkChoice.Instance;

    public ISlashingPolicy SlashingPolicy => NoSlashing.Instance;

    public IRewardPolicy RewardPolicy { get; } = new FixedBlockReward(0);

    public IBlockIncentives Incentives => NoBlockIncentives.Instance;

    public IEngineRules? Rules => null;

    public ValidatorSet VotersAt(IChainState parentState) => new(_members.Select(m => (m, 1UL)));

    public PublicKey ProducerFor(IChainState parentState, ulong height, uint round) => _members[(int)((height + round) % (ulong)_members.Length)];

    public PublicKey ProducerFor(Hash256 parentHash, ulong height, ulong round, IChainState parentState) => _members[(int)((height + round) % (ulong)_members.Length)];

    public IReadOnlyList<(PublicKey Member, ulong Weight)> WeightsAt(ulong height, IChainState parentState) => [.. _members.Select(m => (m, 1UL))];

    public ISealer CreateSealer(PrivateKey producer) => new SignatureSealer(producer);

    public IEvidencePool CreateEvidencePool() => new InMemoryEvidencePool();
}
