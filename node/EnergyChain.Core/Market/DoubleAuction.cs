using System.Buffers.Binary;

namespace EnergyChain.Core.Market;

/// <summary>
/// The uniform-price double auction for one delivery slot: integer only, no allocation-order or hash-order
/// dependence. The contract VM exposes it as the builtin syscall <c>AuctionClear</c> (byte records, below); the
/// PoEG market clears each coalition's orders with <see cref="Clear"/>.
/// <para>
/// Input: offers and bids, each a byte string of 24-byte records <c>i64 id | i64 energy Wh | i64 price</c>
/// (big-endian; price in micro-units per Wh; energy &gt; 0, price &gt;= 0, ids unique per side).
/// Offers are sorted by price ascending, bids by price descending (ties: lower id first). Matching walks both
/// lists while bid price &gt;= offer price, each step trading the smaller remaining quantity (partial fills).
/// Clearing price: the midpoint of the last matched pair, rounded down: <c>(offer + bid) / 2</c> (128-bit
/// safe). Every matched seller asked at most that and every matched buyer bid at least that.
/// Output: matches as 24-byte records <c>i64 offer id | i64 bid id | i64 energy Wh</c> in matching order,
/// and the price (0 when nothing matches).
/// </para>
/// </summary>
public static class DoubleAuction
{
    public const int OrderSize = 24;

    public readonly record struct Order(long Id, long Energy, long Price);

    /// <summary>One trade of the auction: which offer and bid matched, and how much energy.</summary>
    public readonly record struct Match(long Offer, long Bid, long Energy);

    public static bool TryClear(byte[] offers, byte[] bids, out byte[] matches, out long price)
    {
        matches = [];
        price = 0;
        if (!TryParse(offers, out var sells) || !TryParse(bids, out var buys))
        {
            return false;
        }

        var result = Clear(sells, buys, out price);
        if (result.Count == 0)
        {
            return true;
        }

        matches = new byte[result.Count * OrderSize];
        for (var k = 0; k < result.Count; k++)
        {
            var span = matches.AsSpan(k * OrderSize, OrderSize);
            BinaryPrimitives.WriteInt64BigEndian(span, result[k].Offer);
            BinaryPrimitives.WriteInt64BigEndian(span[8..], result[k].Bid);
            BinaryPrimitives.WriteInt64BigEndian(span[16..], result[k].Energy);
        }

        return true;
    }

    /// <summary>
    /// Clears <paramref name="sells"/> against <paramref name="buys"/> (energy &gt; 0, price &gt;= 0; both arrays are
    /// sorted in place) and returns the matches in matching order; <paramref name="price"/> is 0 when nothing matches.
    /// </summary>
    public static List<Match> Clear(Order[] sells, Order[] buys, out long price)
    {
        ArgumentNullException.ThrowIfNull(sells);
        ArgumentNullException.ThrowIfNull(buys);
        price = 0;
        Array.Sort(sells, static (a, b) => a.Price != b.Price ? a.Price.CompareTo(b.Price) : a.Id.CompareTo(b.Id));
        Array.Sort(buys, static (a, b) => a.Price != b.Price ? b.Price.CompareTo(a.Price) : a.Id.CompareTo(b.Id));

        var result = new List<Match>();
        int i = 0, j = 0;
        long sellLeft = sells.Length > 0 ? sells[0].Energy : 0;
        long buyLeft = buys.Length > 0 ? buys[0].Energy : 0;
        long lastOffer = 0, lastBid = 0;
        while (i < sells.Length && j < buys.Length && buys[j].Price >= sells[i].Price)
        {
            var q = Math.Min(sellLeft, buyLeft);
            result.Add(new Match(sells[i].Id, buys[j].Id, q));
            lastOffer = sells[i].Price;
            lastBid = buys[j].Price;
            sellLeft -= q;
            buyLeft -= q;
            if (sellLeft == 0 && ++i < sells.Length)
            {
                sellLeft = sells[i].Energy;
            }

            if (buyLeft == 0 && ++j < buys.Length)
            {
                buyLeft = buys[j].Energy;
            }
        }

        if (result.Count > 0)
        {
            price = (long)(((Int128)lastOffer + lastBid) / 2);
        }

        return result;
    }

    private static bool TryParse(byte[] bytes, out Order[] orders)
    {
        orders = [];
        if (bytes.Length % OrderSize != 0)
        {
            return false;
        }

        orders = new Order[bytes.Length / OrderSize];
        for (var k = 0; k < orders.Length; k++)
        {
            var span = bytes.AsSpan(k * OrderSize, OrderSize);
            var order = new Order(
                BinaryPrimitives.ReadInt64BigEndian(span),
                BinaryPrimitives.ReadInt64BigEndian(span[8..]),
                BinaryPrimitives.ReadInt64BigEndian(span[16..]));
            if (order.Energy <= 0 || order.Price < 0)
            {
                return false;
            }

            orders[k] = order;
        }

        return true;
    }
}
