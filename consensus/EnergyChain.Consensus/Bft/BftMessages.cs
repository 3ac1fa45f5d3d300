using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

public enum VoteType : byte
{
    Prevote = 1,
    Precommit = 2,
}

/// <summary>
/// A signed vote for a block (or for nothing: <see cref="Hash256.Zero"/>) in one round of one height. The voter
/// signs SHA-256 over <c>"EnergyChain/vote/v1" | chain id | u8 type | u64 height | u32 round | 32 block hash</c>.
/// </summary>
public sealed record Vote(VoteType Type, ulong Height, uint Round, Hash256 BlockHash, PublicKey Voter, byte[] Signature)
{
    public bool IsNil => BlockHash == Hash256.Zero;

    public static Hash256 SigningHash(string chainId, VoteType type, ulong height, uint round, Hash256 blockHash)
    {
        var writer = new CanonicalWriter(96);
        writer.WriteShortAscii(chainId);
        writer.WriteU8((byte)type);
        writer.WriteU64(height);
        writer.WriteU32(round);
        writer.WriteFixed(blockHash.ToArray());
        return Hash256.ComputeTagged("EnergyChain/vote/v1"u8, writer.WrittenSpan);
    }

    public static Vote Create(string chainId, VoteType type, ulong height, uint round, Hash256 blockHash, PrivateKey key) =>
        new(type, height, round, blockHash, key.PublicKey, key.Sign(SigningHash(chainId, type, height, round, blockHash)));

    public bool Verify(string chainId, ISecp256k1 crypto) =>
        crypto.Verify(Voter.Span, SigningHash(chainId, Type, Height, Round, BlockHash).ToArray(), Signature);

    internal void Write(CanonicalWriter writer)
    {
        writer.WriteU8((byte)Type);
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteFixed(BlockHash.ToArray());
        writer.WriteFixed(Voter.Span);
        writer.WriteFixed(Signature);
    }

    internal static Vote Read(ref CanonicalReader reader)
    {
        var type = reader.ReadU8();
        if (type is not ((byte)VoteType.Prevote or (byte)VoteType.Precommit))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"vote type {type}");
        }

        var height = reader.ReadU64();
        var round = reader.ReadU32();
        var hash = new Hash256(reader.ReadFixed(Hash256.Size, "vote block hash"));
        var voterBytes = reader.ReadFixed(PublicKey.Size, "voter");
        if (!PublicKey.HasValidShape(voterBytes))
        {
            throw new DecodeException(DecodeError.InvalidValue, "voter is not a compressed public key");
        }

        var voter = PublicKey.FromBytes(voterBytes);
        var signature = reader.ReadFixed(Core.Crypto.Signature.Size, "vote signature").ToArray();
        return new Vote((VoteType)type, height, round, hash, voter, signature);
    }
}

/// <summary>
/// The proposer's offer of a block for (height, round). <see cref="ValidRound"/> is the round in which the block
/// got a quorum of prevotes when it is proposed again (Tendermint's valid round), or -1. The proposer signs
/// SHA-256 over <c>"EnergyChain/proposal/v1" | chain id | u64 height | u32 round | i64 valid round | 32 block hash</c>.
/// </summary>
public sealed record Proposal(ulong Height, uint Round, long ValidRound, Block Block, PublicKey Proposer, byte[] Signature)
{
    public static Hash256 SigningHash(string chainId, ulong height, uint round, long validRound, Hash256 blockHash)
    {
        var writer = new CanonicalWriter(96);
        writer.WriteShortAscii(chainId);
        writer.WriteU64(height);
        writer.WriteU32(round);
        writer.WriteI64(validRound);
        writer.WriteFixed(blockHash.ToArray());
        return Hash256.ComputeTagged("EnergyChain/proposal/v1"u8, writer.WrittenSpan);
    }

    public static Proposal Create(string chainId, ulong height, uint round, long validRound, Block block, PrivateKey key) =>
        new(height, round, validRound, block, key.PublicKey, key.Sign(SigningHash(chainId, height, round, validRound, block.Hash)));

    public bool Verify(string chainId, ISecp256k1 crypto) =>
        crypto.Verify(Proposer.Span, SigningHash(chainId, Height, Round, ValidRound, Block.Hash).ToArray(), Signature);
}

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
