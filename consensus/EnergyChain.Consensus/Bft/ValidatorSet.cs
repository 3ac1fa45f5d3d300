using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

/// <summary>
/// The members that vote, with their voting weights (stake for PoS, equal weights where the engine says so), in
/// canonical order (by public key bytes). Quorum = more than two thirds of the total weight, in exact integers.
/// </summary>
public sealed class ValidatorSet
{
    private readonly Dictionary<PublicKey, ulong> _weights;

    public ValidatorSet(IEnumerable<(PublicKey Member, ulong Weight)> members)
    {
        Members = [.. members.Where(m => m.Weight > 0).OrderBy(m => m.Member.ToString(), StringComparer.Ordinal)];
        _weights = Members.ToDictionary(m => m.Member, m => m.Weight);
        if (_weights.Count != Members.Count)
        {
            throw new ArgumentException("a member is listed twice", nameof(members));
        }

        if (Members.Count == 0)
        {
            throw new ArgumentException("at least one member needs a positive voting weight", nameof(members));
        }

        foreach (var (_, weight) in Members)
        {
            TotalWeight += weight;
        }
    }

    public IReadOnlyList<(PublicKey Member, ulong Weight)> Members { get; }

    public UInt128 TotalWeight { get; }

    public bool Contains(PublicKey member) => _weights.ContainsKey(member);

    public ulong WeightOf(PublicKey member) => _weights.GetValueOrDefault(member);

    /// <summary>More than two thirds of the total weight: 3w > 2T.</summary>
    public bool IsQuorum(UInt128 weight) => weight * 3 > TotalWeight * 2;

    /// <summary>More than one third: at least one honest member is among them when fewer than a third are faulty.</summary>
    public bool IsOneThird(UInt128 weight) => weight * 3 > TotalWeight;
}
