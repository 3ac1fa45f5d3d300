using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Pos;

/// <summary>
/// PoS weights: every genesis member weighs the stake locked by its node key's address in the parent state.
/// Members without stake stay candidates of weight 0 (elected only as the last fallback) and do not vote;
/// while nobody has staked, every member votes with weight 1 so that a new chain runs.
/// </summary>
public sealed class StakeWeights(GenesisDocument genesis) : IProofScoreSource
{
    private readonly PublicKey[] _members = [.. genesis.Members.Select(m => m.PublicKey).OrderBy(k => k.ToString(), StringComparer.Ordinal)];

    public IReadOnlyList<(PublicKey Member, ulong Weight)> WeightsAt(ulong height, IChainState parentState) => Stakes(parentState);

    /// <summary>The voting weights after the parent block: the positive stakes, or 1 each while nobody has staked.</summary>
    public ValidatorSet VotersAt(IStateReader parentState)
    {
        var stakes = Stakes(parentState);
        return stakes.All(s => s.Weight == 0)
            ? new ValidatorSet(stakes.Select(s => (s.Member, 1UL)))
            : new ValidatorSet(stakes);
    }

    private (PublicKey Member, ulong Weight)[] Stakes(IStateReader state) =>
        [.. _members.Select(m => (m, state.GetAccount(m.Address).Stake))];
}
