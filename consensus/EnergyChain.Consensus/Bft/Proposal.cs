using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

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
