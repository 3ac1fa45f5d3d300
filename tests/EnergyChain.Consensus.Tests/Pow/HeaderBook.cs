using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Tests.Pow;

/// <summary>Headers by hash, for retarget windows.</summary>
internal sealed class HeaderBook : IHeaderReader
{
    private readonly Dictionary<Hash256, BlockHeader> _headers = [];

    public void Add(BlockHeader header) => _headers[header.Hash] = header;

    public void Remove(BlockHeader header) => _headers.Remove(header.Hash);

    public BlockHeader? GetHeader(Hash256 hash) => _headers.GetValueOrDefault(hash);
}
