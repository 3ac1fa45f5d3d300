using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Selection;

/// <summary>Seals by signing as the local member (the elected engines need no proof beyond the signature).</summary>
public sealed class SignatureSealer(PrivateKey producer) : ISealer
{
    public Task<BlockHeader> SealAsync(BlockHeader header, SealContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(header.SignWith(producer));
    }
}
