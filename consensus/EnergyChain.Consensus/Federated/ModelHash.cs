using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Federated;

/// <summary>
/// The identity of a Q16.16 weight vector (a global model or an update's weights), for blocks to commit to and
/// validators to compare: SHA-256("EnergyChain/model/v1" || u32 count || count x i32 big-endian). The bytes after
/// the tag are exactly <see cref="ModelUpdatePayload.EncodeWeights"/>, the tail of a model-update payload, so a
/// model's hash does not depend on who computes it; the tag keeps it apart from transaction and block hashes.
/// </summary>
public static class ModelHash
{
    private static readonly byte[] Tag = "EnergyChain/model/v1"u8.ToArray();

    public static Hash256 Compute(ReadOnlySpan<int> weights) => Hash256.ComputeTagged(Tag, ModelUpdatePayload.EncodeWeights(weights));
}
