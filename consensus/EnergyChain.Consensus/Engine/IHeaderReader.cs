using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Engine;

/// <summary>Looks up headers of known blocks by hash, on any branch (for retargeting windows, ancestry).</summary>
public interface IHeaderReader
{
    /// <summary>The header of block <paramref name="hash"/>, or <c>null</c> if it is not known.</summary>
    BlockHeader? GetHeader(Hash256 hash);
}
