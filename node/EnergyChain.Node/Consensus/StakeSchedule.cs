using System.Buffers.Binary;
using EnergyChain.Consensus.Bft;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Node.Consensus;

/// <summary>
/// PoS weights and proposers: every genesis member votes with the stake locked by its node key's address (all with
/// weight 1 while nobody has staked, so a new chain runs); the proposer of (height, round) is a weighted random
/// draw (eq. 3.16) seeded by the parent block hash, height and round, with the proposers of earlier rounds of the
/// height left out (they missed their slot: eq. 3.24's re-election without the offender).
/// </summary>
public sealed class StakeSchedule
{
    private readonly Blockchain _chain;
    private readonly GenesisDocument _genesis;

    public StakeSchedule(Blockchain chain, GenesisDocument genesis)
    {
        _chain = chain;
        _genesis = genesis;
    }

    /// <summary>Voting weights for <paramref name="height"/>: the stakes after the block before it (the current head).</summary>
    public ValidatorSet ValidatorsFor(ulong height)
    {
        var stakes = _genesis.Members.Select(m => (m.PublicKey, _chain.GetAccount(m.PublicKey.Address).Stake)).ToList();
        return stakes.All(s => s.Stake == 0)
            ? new ValidatorSet(stakes.Select(s => (s.PublicKey, 1UL)))
            : new ValidatorSet(stakes);
    }

    public PublicKey ProposerFor(ulong height, uint round)
    {
        var validators = ValidatorsFor(height).Members;
        var parent = _chain.Head.Height + 1 == height ? _chain.Head.Hash : _chain.Store.GetBlock(height - 1)?.Hash ?? Hash256.Zero;
        var excluded = new HashSet<PublicKey>();
        PublicKey proposer = validators[0].Member;
        for (uint r = 0; r <= round; r++)
        {
            if (excluded.Count == validators.Count)
            {
                excluded.Clear(); // everyone missed a round: start over rather than stall
            }

            proposer = Draw(validators, excluded, Seed(parent, height, r));
            excluded.Add(proposer);
        }

        return proposer;
    }

    private static Hash256 Seed(Hash256 parent, ulong height, uint round)
    {
        Span<byte> data = stackalloc byte[32 + 8 + 4];
        parent.CopyTo(data);
        BinaryPrimitives.WriteUInt64BigEndian(data[32..], height);
        BinaryPrimitives.WriteUInt32BigEndian(data[40..], round);
        return Hash256.ComputeTagged("EnergyChain/proposer-seed/v1"u8, data);
    }

    // Weighted draw in canonical (validator set) order: a uniform point in [0, total) from the seed, by rejection
    // sampling so that no weight is favoured by a modulo bias.
    private static PublicKey Draw(IReadOnlyList<(PublicKey Member, ulong Weight)> validators, HashSet<PublicKey> excluded, Hash256 seed)
    {
        UInt128 total = 0;
        foreach (var (member, weight) in validators)
        {
            if (!excluded.Contains(member))
            {
                total += weight;
            }
        }

        var limit = UInt128.MaxValue - (UInt128.MaxValue % total);
        Span<byte> input = stackalloc byte[36];
        Span<byte> digest = stackalloc byte[32];
        seed.CopyTo(input);
        for (uint counter = 0; ; counter++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(input[32..], counter);
            Hash256.Compute(input).CopyTo(digest);
            var value = BinaryPrimitives.ReadUInt128BigEndian(digest);
            if (value >= limit)
            {
                continue;
            }

            var point = value % total;
            foreach (var (member, weight) in validators)
            {
                if (excluded.Contains(member))
                {
                    continue;
                }

                if (point < weight)
                {
                    return member;
                }

                point -= weight;
            }
        }
    }
}
