using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Posoc;

/// <summary>The canonical encoding of a PoSOC block's consensus data: round trips, and refuses what is not canonical.</summary>
public sealed class PosocBlockDataTests
{
    private static readonly Address Ev1 = new(Enumerable.Repeat((byte)1, Address.Size).ToArray());
    private static readonly Address Ev2 = new(Enumerable.Repeat((byte)2, Address.Size).ToArray());

    private static readonly V2vMatching Matching = new(
        7,
        [new V2vOrder(Ev1, V2vSide.Sell, 2_000, 10, 1, 7, 9, 2_000), new V2vOrder(Ev2, V2vSide.Buy, 3_000, 50, 1, 6, 8, 2_000, false)],
        [new V2vSiteClearing(1, 30, 2_000, 0, 1_000)],
        [new V2vTrade(0, 1, 1, 2_000, 30)]);

    private static readonly V2vSettlement Settlement = new(5, [new V2vTradeSettlement(1_500, null, 1_500, 45_000, 15_000, 500, 3_400, 3_400, 0, -57_000)]);

    [Fact]
    public void Every_combination_of_parts_round_trips_and_nothing_encodes_as_empty()
    {
        var close = new RoundClose(3, Ev1, 1_234, 2, Hash256.Zero, [1, -2]);
        Assert.Empty(new PosocBlockData(null, null, null).Encode());
        foreach (var data in new[] { new PosocBlockData(close, null, null), new PosocBlockData(null, Settlement, null), new PosocBlockData(null, null, Matching), new PosocBlockData(close, Settlement, Matching) })
        {
            var decoded = PosocBlockData.Decode(data.Encode());
            Assert.Equal(data.Encode(), decoded.Encode());
            Assert.Equal(data.Matching?.Trades, decoded.Matching?.Trades);
            Assert.Equal(data.Settlement?.Trades, decoded.Settlement?.Trades);
        }
    }

    [Fact]
    public void Malformed_data_is_refused_with_a_decode_error_not_a_crash()
    {
        var good = new PosocBlockData(null, Settlement, Matching).Encode();
        byte[][] bad =
        [
            [2, 4], // unknown version
            [1, 0], // no parts
            [1, 8], // unknown part
            good[..^1], // truncated
            [.. good, 0], // trailing byte
        ];
        foreach (var bytes in bad)
        {
            Assert.Throws<DecodeException>(() => PosocBlockData.Decode(bytes));
        }

        // A trade that names an order the matching does not have.
        var broken = Matching with { Trades = [new V2vTrade(0, 5, 1, 2_000, 30)] };
        Assert.Throws<DecodeException>(() => V2vMatching.Decode(broken.Encode()));
    }
}
