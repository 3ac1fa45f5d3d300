using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

/// <summary>The votes of one type in one round: at most one per voter, with the weight behind each block hash.</summary>
internal sealed class VoteSet
{
    private readonly Dictionary<PublicKey, Vote> _byVoter = [];
    private readonly Dictionary<Hash256, UInt128> _weightFor = [];

    public UInt128 TotalWeight { get; private set; }

    /// <summary>Adds the vote; returns the earlier vote of the same voter when this one conflicts with it.</summary>
    public Vote? Add(Vote vote, ulong weight)
    {
        if (_byVoter.TryGetValue(vote.Voter, out var earlier))
        {
            return earlier.BlockHash == vote.BlockHash ? null : earlier;
        }

        _byVoter[vote.Voter] = vote;
        _weightFor[vote.BlockHash] = _weightFor.GetValueOrDefault(vote.BlockHash) + weight;
        TotalWeight += weight;
        return null;
    }

    public UInt128 WeightFor(Hash256 blockHash) => _weightFor.GetValueOrDefault(blockHash);

    /// <summary>The block hash (or nil) a quorum voted for, if any.</summary>
    public Hash256? QuorumFor(ValidatorSet validators)
    {
        foreach (var (hash, weight) in _weightFor)
        {
            if (validators.IsQuorum(weight))
            {
                return hash;
            }
        }

        return null;
    }

    /// <summary>The votes for <paramref name="blockHash"/>, sorted by voter (a certificate's canonical order).</summary>
    public List<Vote> VotesFor(Hash256 blockHash) =>
        [.. _byVoter.Values.Where(v => v.BlockHash == blockHash).OrderBy(v => v.Voter.ToString(), StringComparer.Ordinal)];

    public IEnumerable<PublicKey> Voters => _byVoter.Keys;
}
