namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// One matched V2V trade: the seller's and buyer's indexes in the hour's order list, the site, the energy and the
/// site's clearing price. The buyer's payment, energy x price, is escrowed at matching.
/// </summary>
public sealed record V2vTrade(int Seller, int Buyer, uint Site, ulong EnergyWh, ulong PriceMicroPerWh)
{
    /// <summary>What the buyer escrows (cannot overflow: energy &lt;= 10^7 Wh and price &lt;= 10^9 micro per Wh by the parameters' bounds).</summary>
    public ulong EscrowMicro => EnergyWh * PriceMicroPerWh;
}
