using System.Runtime.CompilerServices;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Membership;

/// <summary>
/// The member set as chain state: the members in canonical order (ascending public key text, the order every
/// election indexes), the open proposals and the approved changes waiting for their height. It is one engine
/// record (<see cref="EngineRecords"/>, key <c>"membership/v1"</c>), so it is under the state root, in the store
/// and in reorg undo like everything else; the genesis writes the first one.
/// Encoding: <c>u8 version=1 | u32 n | n x member | u32 n | n x proposal | u32 n | n x pending change</c>.
/// </summary>
public sealed record MembershipState(IReadOnlyList<MemberRecord> Members, IReadOnlyList<MembershipProposal> Proposals, IReadOnlyList<PendingMemberChange> Pending)
{
    private const byte Version = 1;
    private static readonly byte[] RecordKey = "membership/v1"u8.ToArray();
    private static readonly Address RecordAccount = EngineRecords.AddressOf(RecordKey);
    private static readonly ConditionalWeakTable<byte[], MembershipState> Decoded = [];

    public static MembershipState Empty { get; } = new([], [], []);

    /// <summary>The state's membership, or <see cref="Empty"/> on a state that has none (one built without a genesis).</summary>
    public static MembershipState Read(IStateReader state)
    {
        ArgumentNullException.ThrowIfNull(state);

        // Elections, the replica and the executor ask several times per block; the record changes rarely. A stored
        // account's data array is never written in place (a change stores a new array), so it keys its decoding.
        if (state.GetAccount(RecordAddress).Data is not { Length: > 1 } data || data[0] != EngineRecords.RecordTag)
        {
            return Empty;
        }

        return Decoded.GetValue(data, d => Decode(d.AsSpan(1)));
    }

    public void Write(StateOverlay state) => EngineRecords.Write(state, RecordKey, Encode());

    /// <summary>The account the record lives at (for a genesis that writes it).</summary>
    public static Address RecordAddress => RecordAccount;

    /// <summary>
    /// The members that govern the block at <paramref name="height"/>, read from its parent's state: the recorded set
    /// with every pending change due by then applied, in canonical order. Every replica reads the same set for the
    /// same height, whatever block it is in when it asks.
    /// </summary>
    public static IReadOnlyList<MemberRecord> MembersAt(IStateReader parentState, ulong height) => Read(parentState).Due(height).Members;

    /// <summary>Whether <paramref name="address"/> is a member for the block at <paramref name="height"/> (state: its parent's, or the block's own).</summary>
    public static bool IsMemberAt(IStateReader state, Address address, ulong height) => MembersAt(state, height).Any(m => m.Address == address);

    /// <summary>This state with the changes due by <paramref name="height"/> applied to the set (itself when none are).</summary>
    public MembershipState Due(ulong height)
    {
        if (Pending.Count == 0 || Pending[0].EffectiveHeight > height)
        {
            return this;
        }

        var members = Members.ToList();
        var rest = new List<PendingMemberChange>();
        foreach (var change in Pending)
        {
            if (change.EffectiveHeight > height)
            {
                rest.Add(change);
                continue;
            }

            members.RemoveAll(m => m.NodeKey.Equals(change.Member.NodeKey));
            if (change.Change == MemberChange.Add)
            {
                members.Add(change.Member with { SinceHeight = change.EffectiveHeight });
            }
        }

        return new MembershipState(Canonical(members), Proposals, rest);
    }

    /// <summary>The members in canonical order: ascending public key text.</summary>
    public static MemberRecord[] Canonical(IEnumerable<MemberRecord> members) =>
        [.. members.OrderBy(m => m.NodeKey.ToString(), StringComparer.Ordinal)];

    public MemberRecord? Find(Address address) => Members.FirstOrDefault(m => m.Address == address);

    public MembershipProposal? ProposalFor(Address subject) => Proposals.FirstOrDefault(p => p.Subject == subject);

    /// <summary>The set once every pending change has taken effect: what a leave or eviction must leave at least <see cref="MembershipRules.MinMembers"/> of.</summary>
    public int EventualCount => Due(ulong.MaxValue).Members.Count;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256 + (Members.Count * 160));
        writer.WriteU8(Version);
        writer.WriteU32((uint)Members.Count);
        foreach (var member in Members)
        {
            member.Write(writer);
        }

        writer.WriteU32((uint)Proposals.Count);
        foreach (var proposal in Proposals)
        {
            proposal.Write(writer);
        }

        writer.WriteU32((uint)Pending.Count);
        foreach (var change in Pending)
        {
            change.Write(writer);
        }

        return writer.ToArray();
    }

    public static MembershipState Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"membership record version {version} is not supported (expected {Version})");
        }

        var members = new MemberRecord[ReadCount(ref reader, "members")];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = MemberRecord.Read(ref reader);
        }

        var proposals = new MembershipProposal[ReadCount(ref reader, "proposals")];
        for (var i = 0; i < proposals.Length; i++)
        {
            proposals[i] = MembershipProposal.Read(ref reader);
        }

        var pending = new PendingMemberChange[ReadCount(ref reader, "pending changes")];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = PendingMemberChange.Read(ref reader);
        }

        reader.EnsureEnd("membership record");
        return new MembershipState(members, proposals, pending);
    }

    private static int ReadCount(ref CanonicalReader reader, string what)
    {
        var count = reader.ReadU32();
        return count <= MembershipRules.MaxMembersLimit
            ? (int)count
            : throw new DecodeException(DecodeError.TooLarge, $"membership record: {count} {what}");
    }
}
