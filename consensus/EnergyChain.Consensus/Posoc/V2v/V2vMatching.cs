using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// The V2V matching of one hour, made in the block that opens it: every intent for the hour (sorted by EV address)
/// with the energy matched, each site's clearing, and the trades. It is part of that block's consensus data and
/// every validator recomputes it. Encoding: <c>u64 hour | u32 n | n x order | u32 s | s x (u32 site | u64 price |
/// u64 matched | u64 unmatched sell | u64 unmatched buy) | u32 t | t x (u32 seller | u32 buyer | u32 site | u64 Wh |
/// u64 price)</c>.
/// </summary>
public sealed record V2vMatching(ulong Hour, IReadOnlyList<V2vOrder> Orders, IReadOnlyList<V2vSiteClearing> Sites, IReadOnlyList<V2vTrade> Trades)
{
    public void Write(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteU64(Hour);
        writer.WriteU32((uint)Orders.Count);
        foreach (var order in Orders)
        {
            order.Write(writer);
        }

        writer.WriteU32((uint)Sites.Count);
        foreach (var site in Sites)
        {
            writer.WriteU32(site.Site);
            writer.WriteU64(site.PriceMicroPerWh);
            writer.WriteU64(site.MatchedWh);
            writer.WriteU64(site.UnmatchedSellWh);
            writer.WriteU64(site.UnmatchedBuyWh);
        }

        writer.WriteU32((uint)Trades.Count);
        foreach (var trade in Trades)
        {
            writer.WriteU32((uint)trade.Seller);
            writer.WriteU32((uint)trade.Buyer);
            writer.WriteU32(trade.Site);
            writer.WriteU64(trade.EnergyWh);
            writer.WriteU64(trade.PriceMicroPerWh);
        }
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64 + (Orders.Count * 90) + (Trades.Count * 28));
        Write(writer);
        return writer.ToArray();
    }

    public static V2vMatching Read(ref CanonicalReader reader)
    {
        var hour = reader.ReadU64();
        var orders = new V2vOrder[Count(ref reader, 100_000, "V2V orders")];
        for (var i = 0; i < orders.Length; i++)
        {
            orders[i] = V2vOrder.Read(ref reader);
        }

        var sites = new V2vSiteClearing[Count(ref reader, PosocParameters.MaxSites, "V2V sites")];
        for (var i = 0; i < sites.Length; i++)
        {
            sites[i] = new V2vSiteClearing(reader.ReadU32(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64());
        }

        var trades = new V2vTrade[Count(ref reader, 200_000, "V2V trades")];
        for (var i = 0; i < trades.Length; i++)
        {
            var seller = (int)Count(ref reader, orders.Length - 1, "V2V trade seller");
            var buyer = (int)Count(ref reader, orders.Length - 1, "V2V trade buyer");
            trades[i] = new V2vTrade(seller, buyer, reader.ReadU32(), reader.ReadU64(), reader.ReadU64());
        }

        return new V2vMatching(hour, orders, sites, trades);
    }

    public static V2vMatching Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var matching = Read(ref reader);
        reader.EnsureEnd("V2V matching");
        return matching;
    }

    private static uint Count(ref CanonicalReader reader, int max, string what)
    {
        var count = reader.ReadU32();
        return count <= max ? count : throw new DecodeException(DecodeError.TooLarge, $"{what}: {count} (at most {max})");
    }
}
