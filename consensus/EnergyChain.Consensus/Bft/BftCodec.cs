using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

/// <summary>
/// The replica's wire format (the payload of a consensus-channel message): a kind byte, then
/// Proposal: <c>u64 height | u32 round | i64 valid round | u32 len + block | 33 proposer | 64 signature</c>;
/// Vote: <c>u8 type | u64 height | u32 round | 32 block hash | 33 voter | 64 signature</c>;
/// CommitRequest: <c>u64 height</c>; Commit: <c>u32 len + block | certificate</c>.
/// Decoding throws only <see cref="DecodeException"/>.
/// </summary>
public static class BftCodec
{
    public static byte[] Encode(Proposal proposal)
    {
        var block = proposal.Block.Encode();
        var writer = new CanonicalWriter(block.Length + 160);
        writer.WriteU8((byte)BftMessageKind.Proposal);
        writer.WriteU64(proposal.Height);
        writer.WriteU32(proposal.Round);
        writer.WriteI64(proposal.ValidRound);
        writer.WriteBytes(block);
        writer.WriteFixed(proposal.Proposer.Span);
        writer.WriteFixed(proposal.Signature);
        return writer.ToArray();
    }

    public static byte[] Encode(Vote vote)
    {
        var writer = new CanonicalWriter(160);
        writer.WriteU8((byte)BftMessageKind.Vote);
        vote.Write(writer);
        return writer.ToArray();
    }

    public static byte[] EncodeCommitRequest(ulong height)
    {
        var writer = new CanonicalWriter(16);
        writer.WriteU8((byte)BftMessageKind.CommitRequest);
        writer.WriteU64(height);
        return writer.ToArray();
    }

    public static byte[] EncodeCommit(Block block, CommitCertificate certificate)
    {
        var encoded = block.Encode();
        var writer = new CanonicalWriter(encoded.Length + 256);
        writer.WriteU8((byte)BftMessageKind.Commit);
        writer.WriteBytes(encoded);
        certificate.Write(writer);
        return writer.ToArray();
    }

    public static BftMessage Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var kind = reader.ReadU8();
        BftMessage message;
        switch ((BftMessageKind)kind)
        {
            case BftMessageKind.Proposal:
                var height = reader.ReadU64();
                var round = reader.ReadU32();
                var validRound = reader.ReadI64();
                if (validRound < -1 || validRound >= round)
                {
                    throw new DecodeException(DecodeError.InvalidValue, $"proposal valid round {validRound} for round {round}");
                }

                var block = Block.Decode(reader.ReadBytes(Block.MaxEncodedSize, "proposal block"));
                var proposer = reader.ReadFixed(PublicKey.Size, "proposer");
                if (!PublicKey.HasValidShape(proposer))
                {
                    throw new DecodeException(DecodeError.InvalidValue, "proposer is not a compressed public key");
                }

                var key = PublicKey.FromBytes(proposer);
                var signature = reader.ReadFixed(Core.Crypto.Signature.Size, "proposal signature").ToArray();
                message = new BftMessage(BftMessageKind.Proposal, Proposal: new Proposal(height, round, validRound, block, key, signature));
                break;
            case BftMessageKind.Vote:
                message = new BftMessage(BftMessageKind.Vote, Vote: Vote.Read(ref reader));
                break;
            case BftMessageKind.CommitRequest:
                message = new BftMessage(BftMessageKind.CommitRequest, RequestedHeight: reader.ReadU64());
                break;
            case BftMessageKind.Commit:
                var committed = Block.Decode(reader.ReadBytes(Block.MaxEncodedSize, "committed block"));
                message = new BftMessage(BftMessageKind.Commit, Block: committed, Certificate: CommitCertificate.Read(ref reader));
                break;
            default:
                throw new DecodeException(DecodeError.InvalidValue, $"unknown replica message kind {kind}");
        }

        reader.EnsureEnd("replica message");
        return message;
    }
}
