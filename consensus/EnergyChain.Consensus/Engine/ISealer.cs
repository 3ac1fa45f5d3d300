using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Makes a block's seal: fills <see cref="BlockHeader.ConsensusData"/> (a PoW nonce, an election proof...)
/// and signs the header as the local producer.
/// </summary>
public interface ISealer
{
    /// <summary>
    /// Seals <paramref name="header"/>, whose height, parent, timestamp, slot, transaction root and state root
    /// are final. Returns the sealed and signed header. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires first (e.g. a competing block arrived while mining).
    /// </summary>
    Task<BlockHeader> SealAsync(BlockHeader header, SealContext context, CancellationToken cancellationToken);
}
