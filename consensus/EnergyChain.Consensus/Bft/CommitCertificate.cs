using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

/// <summary>
/// Proof that a block is final: precommits for it from more than two thirds of the voting weight, all of one
/// round. Canonical: votes sorted by voter key, no voter twice.
/// </summary>
public sealed record CommitCertificate(ulong Height, uint Round, Hash256 BlockHash, IReadOnlyList<Vote> Precommits)
{
    /// <summary>Checks every signature and that the signers carry a quorum of <paramref name="validators"/>.</summary>
    public bool Verify(string chainId, ValidatorSet validators, ISecp256k1 crypto)
    {
        UInt128 weight = 0;
        PublicKey? previous = null;
        foreach (var vote in Precommits)
        {
            if (vote.Type != VoteType.Precommit || vote.Height != Height || vote.Round != Round || vote.BlockHash != BlockHash
                || !validators.Contains(vote.Voter)
                || (previous is not null && string.CompareOrdinal(previous.ToString(), vote.Voter.ToString()) >= 0)
                || !vote.Verify(chainId, crypto))
            {
                return false;
            }

            weight += validators.WeightOf(vote.Voter);
            previous = vote.Voter;
        }

        return validators.IsQuorum(weight);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64 + (Precommits.Count * 140));
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteFixed(BlockHash.ToArray());
        writer.WriteU32((uint)Precommits.Count);
        foreach (var vote in Precommits)
        {
            vote.Write(writer);
        }

        return writer.ToArray();
    }

    public static CommitCertificate Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var certificate = Read(ref reader);
        reader.EnsureEnd("commit certificate");
        return certificate;
    }

    internal void Write(CanonicalWriter writer) => writer.WriteFixed(Encode());

    internal static CommitCertificate Read(ref CanonicalReader reader)
    {
        var height = reader.ReadU64();
        var round = reader.ReadU32();
        var hash = new Hash256(reader.ReadFixed(Hash256.Size, "certificate block hash"));
        var count = reader.ReadU32();
        if (count > 10_000 || count > (uint)(reader.Remaining / 138))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"certificate claims {count} votes");
        }

        var votes = new Vote[count];
        for (var i = 0; i < votes.Length; i++)
        {
            votes[i] = Vote.Read(ref reader);
        }

        return new CommitCertificate(height, round, hash, votes);
    }
}
