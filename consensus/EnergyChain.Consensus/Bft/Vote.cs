using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

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
