using System.Buffers.Binary;
using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Market;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Tests.Market;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// The thesis's 10-prosumer case (Table 3.2, section 3.4.1-3.4.2) end to end through the chain, on the hand-made
/// layout of <see cref="CoalitionFormationTests.TenProsumers"/> (P0..P9 are members 0..9): they register its
/// locations, order its forecasts for slot 1, the clearing block forms the coalitions the pure algorithm forms,
/// the meters read exactly the forecasts, and the settlement block pays every contract in full and M_r to the
/// winning coalition in Shapley shares. Per-prosumer figures are read through the engine's own market views.
/// </summary>
public sealed class PoegTenProsumerCaseTests
{
    // The layout is centred on the EDC at (0, 0); chain coordinates start at 0, with the EDC at (10 km, 10 km).
    private const long Shift = 10_000;

    private static readonly GridParameters Grid = new(Shift, Shift, MarketTestData.Grid.LossPpmPerKm);

    private static readonly Address[] SystemAccounts =
        [SystemAddresses.Trading, SystemAddresses.Reward, SystemAddresses.Penalty, SystemAddresses.MarketEscrow, SystemAddresses.RewardPool, SystemAddresses.Edc];

    private readonly PoegChain _chain = new(members: 10, parameters: $"\"lossPpmPerKm\": {MarketTestData.Grid.LossPpmPerKm}");

    [Fact]
    public void The_ten_prosumer_case_clears_settles_and_pays_through_the_chain_as_the_pure_algorithm_says()
    {
        var parameters = _chain.Engine.Parameters;
        var layout = CoalitionFormationTests.TenProsumers;
        var inputs = layout.Select(p => p with { XMetres = p.XMetres + Shift, YMetres = p.YMetres + Shift }).ToArray();
        var moneyAtGenesis = TotalMoney();

        // Slot 0: register the locations, order the forecasts for slot 1 (default price limits: feed-in and retail).
        _chain.Produce(extra: [.. _chain.Keys.Select((k, i) => _chain.Tx(k, new GridRegistrationPayload(inputs[i].XMetres, inputs[i].YMetres)))]);
        _chain.Produce(extra: [.. _chain.Keys.Select((k, i) => _chain.Tx(k, new EnergyReportPayload(1, (ulong)inputs[i].ProductionWh, (ulong)inputs[i].ConsumptionWh)))]);
        _chain.ProduceUntilNext(parameters.SettlementHeightOf(1));
        var beforeClearing = MemberBalances();
        var clearing = MarketSettlement.Decode(_chain.Produce().Header.ConsensusData.Span);

        // The clearing is the pure algorithm over the same orders, in the order the chain takes them (address order).
        var index = _chain.Keys.Select(k => clearing.Participants.Select(p => p.Address).ToList().IndexOf(k.Address)).ToArray();
        Assert.All(index, i => Assert.True(i >= 0));
        Assert.Empty(clearing.Excluded);
        var ordered = new ProsumerInput[10];
        for (var k = 0; k < 10; k++)
        {
            ordered[index[k]] = inputs[k];
        }

        var pure = CoalitionFormation.Form(ordered, Grid);
        Assert.Equal(pure.Encode(), clearing.Outcome.Encode());

        // ... and, relabelled to P0..P9, the scores and partition of the layout's own trace test (docs/poeg.md).
        var labelled = CoalitionFormation.Form(layout, MarketTestData.Grid);
        Assert.Equal(labelled.Members.Select(m => m.Score), index.Select(i => clearing.Outcome.Members[i].Score));
        Assert.Equal(
            labelled.Coalitions.Select(c => string.Join(",", c.Members)).Order(StringComparer.Ordinal),
            clearing.Outcome.Coalitions.Select(c => string.Join(",", c.Members.Select(m => Array.IndexOf(index, m)).Order())).Order(StringComparer.Ordinal));

        // Mining fees (delta x saved Wh x value, eq. 3.23) go to the pool, buyers' payments into escrow.
        var saved = pure.Members.Select(m => m.LossAloneWh - m.LossInCoalitionWh).ToArray();
        var fees = saved.Select(s => (ulong)s * parameters.PriceMicroPerWh * parameters.DeltaPpm / 1_000_000).ToArray();
        Assert.Equal(fees, clearing.Contributions);
        Assert.Equal(fees.Aggregate(0UL, (a, b) => a + b), clearing.RewardMicro);
        Assert.True(clearing.RewardMicro > 0);
        Assert.Equal(clearing.RewardMicro, Balance(SystemAddresses.RewardPool));
        Assert.Equal(Enumerable.Range(0, 10).Aggregate(0UL, (a, i) => a + clearing.EscrowOf(i)), Balance(SystemAddresses.MarketEscrow));
        var afterClearing = MemberBalances();
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(clearing.EscrowOf(index[k]) + fees[index[k]], beforeClearing[k] - afterClearing[k]);
        }

        // After the slot, each meter reads exactly the forecast (meters hold no money: fee 0).
        _chain.ProduceUntilNext(parameters.SettlementHeightOf(2));
        var readings = _chain.Meters.Select((m, k) => Transaction.Create(
            PoegChain.ChainId, m, _chain.Chain.GetAccount(m.Address).Nonce, 0, new MeterReadingPayload(_chain.Keys[k].Address, 1, (ulong)inputs[k].ProductionWh, (ulong)inputs[k].ConsumptionWh)));
        Assert.Equal(10, _chain.Produce(extra: readings).Transactions.Count);
        _chain.ProduceUntilNext(parameters.DeliveryHeightOf(1));
        Assert.False(_chain.Produce().Header.ConsensusData.IsEmpty);
        var afterSettlement = MemberBalances();

        // M_r to the winning coalition in Shapley shares, the pool and escrow empty, no money made or lost.
        var winner = _chain.Engine.Leaders.WinningCoalition(clearing, _chain.Chain);
        var winners = clearing.Outcome.Coalitions[winner].Members;
        var seed = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(seed, 1);
        var shapley = ShapleyRewards.Allocate((long)clearing.RewardMicro, ordered, winners, Grid, seed);
        Assert.Equal((long)clearing.RewardMicro, shapley.Sum());
        Assert.Equal(0UL, Balance(SystemAddresses.RewardPool));
        Assert.Equal(0UL, Balance(SystemAddresses.MarketEscrow));
        Assert.Equal(moneyAtGenesis, TotalMoney());

        var market = new MarketReadModel(_chain.Engine, _chain.Chain);
        var slot = View(market.Slot(Query(("slot", "1"))));
        Assert.Equal(MarketSlotRecords.Settled, slot.GetProperty("phase").GetString());
        Assert.Equal([winner], slot.GetProperty("coalitions").EnumerateArray().Where(c => c.GetProperty("miner").GetBoolean()).Select(c => c.GetProperty("index").GetInt32()));
        var totals = slot.GetProperty("totals");
        Assert.Equal(clearing.MemberTrades.Sum(t => t.EnergyWh), totals.GetProperty("tradedInCoalitionsWh").GetInt64());
        Assert.Equal(totals.GetProperty("tradedInCoalitionsWh").GetInt64(), totals.GetProperty("deliveredWh").GetInt64());
        Assert.Equal(clearing.RewardMicro, totals.GetProperty("rewardPaidMicro").GetUInt64());
        Assert.Equal(0, totals.GetProperty("penalizedHouseholds").GetInt32());

        for (var k = 0; k < 10; k++)
        {
            var i = index[k];
            var h = View(market.Household(Query(("slot", "1"), ("address", _chain.Keys[k].Address.ToString()))));
            Assert.Equal(pure.Members[i].LossAloneWh, h.GetProperty("lossAloneWh").GetInt64());
            Assert.Equal(pure.Members[i].LossInCoalitionWh, h.GetProperty("lossInCoalitionWh").GetInt64());
            Assert.Equal(saved[i], h.GetProperty("savedWh").GetInt64());
            Assert.Equal(labelled.Members[k].Score, h.GetProperty("score").GetInt64());
            Assert.Equal(fees[i], h.GetProperty("contributionMicro").GetUInt64());

            // Meters read the forecast: every seller is paid its full contract, nobody is charged or penalized.
            Assert.Equal(inputs[k].ProductionWh, h.GetProperty("reading").GetProperty("producedWh").GetInt64());
            Assert.Equal(inputs[k].ConsumptionWh, h.GetProperty("reading").GetProperty("consumedWh").GetInt64());
            var sold = clearing.MemberTrades.Where(t => t.From == i).Aggregate(0UL, (a, t) => a + clearing.PaymentOf(t));
            Assert.Equal(sold, h.GetProperty("receivedMicro").GetUInt64());
            Assert.Equal(clearing.EscrowOf(i), h.GetProperty("paidMicro").GetUInt64());
            Assert.Equal(0UL, h.GetProperty("refundedMicro").GetUInt64());
            Assert.Equal(0UL, h.GetProperty("shortfallWh").GetUInt64());
            Assert.Equal(0UL, h.GetProperty("edcChargeMicro").GetUInt64());
            Assert.Equal(0UL, h.GetProperty("penaltyMicro").GetUInt64());

            // x_i = (M_r)_i + p_t x E_save_i (eq. 3.22); the balance moved by exactly what the view says.
            var share = winners.Contains(i) ? (ulong)shapley[winners.ToList().IndexOf(i)] : 0;
            Assert.Equal(share, h.GetProperty("rewardMicro").GetUInt64());
            Assert.Equal(share + ((ulong)saved[i] * parameters.PriceMicroPerWh), h.GetProperty("payoffMicro").GetUInt64());
            Assert.Equal((long)(afterSettlement[k] - beforeClearing[k]), h.GetProperty("netMicro").GetInt64());
            Assert.Equal((long)(sold + share) - (long)(clearing.EscrowOf(i) + fees[i]), h.GetProperty("netMicro").GetInt64());
        }
    }

    private static EngineQuery Query(params (string Name, string Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    private static JsonElement View(EngineResponse response)
    {
        Assert.Equal(200, response.Status);
        return JsonSerializer.SerializeToElement(response.Body, JsonSerializerOptions.Web);
    }

    private ulong Balance(Address address) => _chain.Chain.GetAccount(address).Balance;

    private ulong[] MemberBalances() => [.. _chain.Keys.Select(k => Balance(k.Address))];

    /// <summary>Every balance, stake and unbonding amount of members, meters, the outsider and the system accounts.</summary>
    private ulong TotalMoney() =>
        _chain.Keys.Concat(_chain.Meters).Append(_chain.Outsider).Select(k => k.Address).Concat(SystemAccounts)
            .Select(_chain.Chain.GetAccount)
            .Aggregate(0UL, (sum, a) => sum + a.Balance + a.Stake + a.Unbonding);
}
