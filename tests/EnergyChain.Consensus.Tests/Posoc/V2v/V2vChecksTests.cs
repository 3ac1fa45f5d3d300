using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;
using static EnergyChain.Consensus.Tests.Posoc.V2v.V2vSteps;

namespace EnergyChain.Consensus.Tests.Posoc.V2v;

/// <summary>Bad V2V input gets a typed error naming what was wrong, and changes nothing.</summary>
public sealed class V2vChecksTests
{
    private readonly PosocChain _chain = TwoSites();

    public static TheoryData<string, V2vIntentPayload, TxError, string> BadIntents => new()
    {
        { "the current hour", Sell(0, 1_000, 10), TxError.ReadingOutOfWindow, "before the hour opens" },
        { "more than a day ahead", Sell(26, 1_000, 10), TxError.ReadingOutOfWindow, "at most 24 hours ahead" },
        { "before the EV arrives", new V2vIntentPayload(3, V2vSide.Sell, 1_000, 10, 0, 4, 8), TxError.OutsideAvailability, "outside the hours" },
        { "after the EV leaves", new V2vIntentPayload(3, V2vSide.Buy, 1_000, 10, 0, 1, 3), TxError.OutsideAvailability, "outside the hours" },
        { "parked for more than a day", new V2vIntentPayload(3, V2vSide.Buy, 1_000, 10, 0, 1, 30), TxError.OutsideAvailability, "longer than a day" },
        { "zero Wh", Sell(2, 0, 10), TxError.ValueOutOfRange, "0 Wh" },
        { "absurd Wh", Buy(2, 50_001, 10), TxError.ValueOutOfRange, "1 to 50000 Wh" },
        { "a zero price", Sell(2, 1_000, 0), TxError.InvalidPriceLimits, "1 to 1000 micro/Wh" },
        { "an absurd price", Buy(2, 1_000, 1_001), TxError.InvalidPriceLimits, "1 to 1000 micro/Wh" },
        { "an unknown site", Sell(2, 1_000, 10, site: 2), TxError.UnknownSite, "0 north, 1 south" },
    };

    [Theory]
    [MemberData(nameof(BadIntents))]
    public void Bad_intents_are_refused_with_the_reason(string what, V2vIntentPayload intent, TxError error, string reason)
    {
        _chain.Produce(); // hour 0 is open
        AssertRefused(_chain.Pool.Add(_chain.Tx(_chain.Keys[0], intent)), error, reason, what);
        Assert.Null(V2vLedger.Intent(_chain.Chain, intent.Hour, _chain.Keys[0].Address));
    }

    [Fact]
    public void An_EV_posts_one_intent_per_hour_and_only_members_post()
    {
        var ev = _chain.Keys[1];
        Post(_chain, (ev, Sell(2, 1_000, 10)));
        _chain.Produce();
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, Buy(2, 500, 90))), TxError.DuplicateIntent, "already posted its intent for hour 2", "a second intent");
        Assert.Equal(V2vSide.Sell, V2vLedger.Intent(_chain.Chain, 2, ev.Address)!.Side);
        var outsider = _chain.Pool.Add(_chain.Tx(_chain.Outsider, Sell(2, 1_000, 10)));
        Assert.Equal(TxError.InvalidReport, outsider.Rejection!.Error);
        Assert.Contains("not a member", outsider.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Readings_come_from_the_two_EVs_of_a_trade_once_each_within_the_hour_and_the_next()
    {
        var (a, b, c) = (_chain.Keys[0], _chain.Keys[1], _chain.Keys[2]);
        Post(_chain, (a, Sell(1, 2_000, 10)), (c, Buy(1, 2_000, 50)));
        AssertRefused(_chain.Pool.Add(_chain.Tx(a, new V2vDeliveryPayload(1, c.Address, 2_000))), TxError.ReadingOutOfWindow, "taken in hours 1 and 2", "a reading before the hour");
        OpenHour(_chain, 1);

        AssertRefused(_chain.Pool.Add(_chain.Tx(b, new V2vDeliveryPayload(1, c.Address, 2_000))), TxError.NotTradeParty, "no matched trade", "a third EV");
        AssertRefused(_chain.Pool.Add(_chain.Tx(a, new V2vDeliveryPayload(1, b.Address, 2_000))), TxError.NotTradeParty, "no matched trade", "the wrong counterparty");
        AssertRefused(_chain.Pool.Add(_chain.Tx(a, new V2vDeliveryPayload(1, c.Address, 50_001))), TxError.ValueOutOfRange, "exceeds the limit", "an absurd reading");
        Post(_chain, (a, new V2vDeliveryPayload(1, c.Address, 2_000)));
        _chain.Produce();
        AssertRefused(_chain.Pool.Add(_chain.Tx(a, new V2vDeliveryPayload(1, c.Address, 1_000))), TxError.DuplicateReading, "already reported", "a second reading");
        Assert.Equal(2_000UL, V2vLedger.Report(_chain.Chain, 1, a.Address, c.Address));

        // Hour 3's first block settles hour 1: a reading after that is late and the settlement stands.
        OpenHour(_chain, 3);
        AssertRefused(_chain.Pool.Add(_chain.Tx(c, new V2vDeliveryPayload(1, a.Address, 0))), TxError.ReadingOutOfWindow, "this is hour 3", "a late reading");
        Assert.Equal(2_000UL, V2vLedger.Settlement(_chain.Chain, 1)!.Trades[0].ConfirmedWh);
    }

    [Fact]
    public void V2V_transactions_on_another_engine_never_enter_a_block()
    {
        var pos = new global::EnergyChain.Consensus.Tests.Support.HandChain<global::EnergyChain.Consensus.Pos.PosEngine>(
            "pos", "{}", genesis => new global::EnergyChain.Consensus.Pos.PosEngine(genesis));
        var key = pos.Keys[0];
        var built = pos.Chain.Executor.BuildBlock(
            pos.Chain,
            [
                Transaction.Create(pos.Genesis.ChainId, key, 0, 1, new TransferPayload(pos.Outsider.Address, 5)),
                Transaction.Create(pos.Genesis.ChainId, key, 1, 1, Sell(2, 1_000, 10)),
                Transaction.Create(pos.Genesis.ChainId, key, 1, 1, new V2vDeliveryPayload(1, Address.Zero, 1)),
            ],
            key,
            pos.Chain.Head.Timestamp + 1000).Block;
        Assert.Equal(TxType.Transfer, Assert.Single(built.Transactions).Type);
    }

    private static void AssertRefused(TxAdmission admission, TxError error, string reason, string what)
    {
        Assert.True(admission.Status == TxAdmissionStatus.Rejected, $"{what} was accepted");
        Assert.Equal(error, admission.Rejection!.Error);
        Assert.Contains(reason, admission.Rejection.Message, StringComparison.Ordinal);
    }
}
