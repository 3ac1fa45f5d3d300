using EnergyChain.Consensus.Market;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// One price per coalition from the double auction over its members' limits; whoever the price misses, or who
/// cannot pay, is excluded and the rest form again.
/// </summary>
public sealed class MarketClearingTests
{
    private static readonly PoegParameters Parameters = new();

    // One seller next to two buyers, all far from the EDC (10 km, 10 km): they form one coalition.
    private static readonly Address Seller = AddressOf(1);
    private static readonly Address Generous = AddressOf(2);
    private static readonly Address Stingy = AddressOf(3);

    [Fact]
    public void The_price_is_the_auctions_midpoint_and_a_buyer_it_misses_is_excluded_while_the_others_trade()
    {
        var orders = Orders(sellerMin: 200, generousMax: 300, stingyMax: 150);
        var clearing = MarketClearing.Clear(1, orders, _ => 1_000_000_000, Parameters);

        // The auction matches the seller (200) with the generous bid (300) and stops before the stingy one (150):
        // price 250 excludes the stingy buyer; without it the seller and the generous buyer clear at 250 again.
        var excluded = Assert.Single(clearing.Excluded);
        Assert.Equal(Stingy, excluded.Address);
        Assert.Equal(ExclusionReason.PriceLimits, excluded.Reason);
        Assert.Equal(250UL, excluded.ClearingPriceMicroPerWh);
        Assert.Contains("maximum buy price 150", excluded.Detail, StringComparison.Ordinal);
        Assert.Equal([Seller, Generous], clearing.Participants.Select(p => p.Address).Order());
        var trade = Assert.Single(clearing.MemberTrades);
        Assert.Equal(250UL, clearing.PriceOf(trade));
        Assert.Equal((ulong)trade.EnergyWh * 250, clearing.EscrowOf(clearing.Participants.Select(p => p.Address).ToList().IndexOf(Generous)));
    }

    [Fact]
    public void With_compatible_limits_everyone_trades_at_one_price_that_respects_every_limit()
    {
        var clearing = MarketClearing.Clear(1, Orders(sellerMin: 100, generousMax: 300, stingyMax: 150), _ => 1_000_000_000, Parameters);
        Assert.Empty(clearing.Excluded);
        var prices = clearing.MemberTrades.Select(clearing.PriceOf).Distinct().ToList();
        var price = Assert.Single(prices);
        Assert.Equal(125UL, price); // the last matched pair is the seller's 100 and the stingy 150
        Assert.Equal(2, clearing.MemberTrades.Count());
    }

    [Fact]
    public void A_buyer_that_cannot_cover_its_payment_and_fee_is_excluded_and_the_rest_form_again()
    {
        var orders = Orders(sellerMin: 100, generousMax: 300, stingyMax: 300);
        var clearing = MarketClearing.Clear(1, orders, a => a == Generous ? 10UL : 1_000_000_000, Parameters);
        var excluded = Assert.Single(clearing.Excluded);
        Assert.Equal((Generous, ExclusionReason.Funds, 10UL), (excluded.Address, excluded.Reason, excluded.AvailableMicro));
        Assert.True(excluded.NeededMicro > 10);
        Assert.Contains("could not cover", excluded.Detail, StringComparison.Ordinal);
        Assert.Single(clearing.MemberTrades);

        // The fees the members pay are their savings' value times delta, summed into M_r.
        for (var i = 0; i < clearing.Participants.Count; i++)
        {
            Assert.Equal(MarketClearing.MiningFee(clearing.Outcome.Members[i], Parameters), clearing.Contributions[i]);
        }

        Assert.Equal(clearing.Contributions.Aggregate(0UL, (a, b) => a + b), clearing.RewardMicro);
        Assert.True(clearing.RewardMicro > 0);
        Assert.Equal(clearing.Encode(), MarketSettlement.Decode(clearing.Encode()).Encode());
    }

    private static MarketParticipant[] Orders(ulong sellerMin, ulong generousMax, ulong stingyMax) =>
    [
        new(Seller, new ProsumerInput(1_000, 1_000, 20_000, 1_000), sellerMin, 300),
        new(Generous, new ProsumerInput(1_200, 1_000, 0, 6_000), 80, generousMax),
        new(Stingy, new ProsumerInput(1_000, 1_200, 0, 6_000), 80, stingyMax),
    ];

    private static Address AddressOf(byte id)
    {
        var bytes = new byte[Address.Size];
        bytes[^1] = id;
        return new Address(bytes);
    }
}
