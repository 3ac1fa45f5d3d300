using EnergyChain.Consensus.Poeg;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>PoEG inputs on chain: who may register and order what, and the typed refusal each bad order gets.</summary>
public sealed class PoegRulesTests
{
    private readonly PoegChain _chain = new();

    [Fact]
    public void A_member_registers_once_and_then_forecasts_the_next_slot()
    {
        var house = _chain.Keys[0];
        Assert.True(_chain.Pool.Add(_chain.Tx(house, new GridRegistrationPayload(1_000, 2_000))).Accepted);
        _chain.Produce();
        Assert.Equal(new HouseholdRecord(1_000, 2_000, 0, 0, 0), PoegLedger.Household(_chain.Chain, house.Address));

        var again = _chain.Pool.Add(_chain.Tx(house, new GridRegistrationPayload(5, 5)));
        AssertRefused(again, "registered once");

        Assert.True(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(1, 9_000, 4_000))).Accepted);
        _chain.Produce();
        var defaults = _chain.Engine.Parameters;
        Assert.Equal(new HouseholdRecord(1_000, 2_000, 1, 9_000, 4_000, defaults.FeedInMicroPerWh, defaults.RetailMicroPerWh), PoegLedger.Household(_chain.Chain, house.Address));
    }

    [Fact]
    public void Bad_forecasts_are_refused_with_the_reason()
    {
        var house = _chain.Keys[0];
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(1, 10, 10))), "no registered grid location");
        AssertRefused(_chain.Pool.Add(_chain.Tx(_chain.Outsider, new GridRegistrationPayload(1, 1))), "not a member");
        AssertRefused(_chain.Pool.Add(_chain.Tx(_chain.Outsider, new EnergyReportPayload(1, 10, 10))), "not a member");
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new GridRegistrationPayload(-1, 5))), "outside");

        _chain.Produce(extra: [_chain.Tx(house, new GridRegistrationPayload(100, 100))]);

        // Blocks 1-4 are market slot 0: forecasts are for slot 1 only.
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(2, 10, 10))), "too far ahead");
        var absurd = _chain.Engine.Parameters.MaxForecastWh + 1;
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(1, absurd, 10))), "exceeds the limit", TxError.ValueOutOfRange);
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(1, 10, absurd))), "exceeds the limit", TxError.ValueOutOfRange);
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(1, 10, 10, 301, 300))), "inverted", TxError.InvalidPriceLimits);
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(1, 10, 10, null, PoegParameters.MaxPriceMicroPerWh + 1))), "at most", TxError.InvalidPriceLimits);

        _chain.Produce(extra: [_chain.Tx(house, new EnergyReportPayload(1, 10, 10))]);
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(1, 20, 20))), "already ordered");

        _chain.ProduceUntilNext(_chain.Engine.Parameters.SettlementHeightOf(1) + 1);
        AssertRefused(_chain.Pool.Add(_chain.Tx(house, new EnergyReportPayload(1, 20, 20))), "past");
    }

    [Fact]
    public void A_block_that_sneaks_in_a_refused_forecast_is_invalid()
    {
        var house = _chain.Keys[1];
        var forged = _chain.Build(extra: []);
        var producer = _chain.KeyOf(forged.Header.ProducerKey!);

        // The builder leaves a refused transaction out; a hand-made block carrying one is refused whole.
        var tx = _chain.Tx(house, new EnergyReportPayload(1, 10, 10));
        var header = forged.Header with { TxRoot = Block.ComputeTxRoot([tx]) };
        var block = new Block(header.SignWith(producer), [tx]);
        var result = _chain.Chain.Validate(block);
        Assert.False(result.IsValid);
        Assert.Equal(TxError.InvalidReport, result.TxRejection?.Error);
    }

    private static void AssertRefused(TxAdmission admission, string reason, TxError error = TxError.InvalidReport)
    {
        Assert.Equal(TxAdmissionStatus.Rejected, admission.Status);
        Assert.Equal(error, admission.Rejection!.Error);
        Assert.Contains(reason, admission.Rejection.Message, StringComparison.Ordinal);
    }
}
