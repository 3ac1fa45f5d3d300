using EnergyChain.Consensus.Market;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// Market clearing and settlement inside blocks: the first block of a slot carries coalition formation's outcome,
/// every validator recomputes it, and the slot's settlement pays the winning coalition its Shapley shares of M_r.
/// </summary>
public sealed class PoegMarketTests
{
    private static readonly (long X, long Y, ulong P, ulong C)[] Households = TwoNeighbourhoods.Households;

    private readonly PoegChain _chain = new();

    [Fact]
    public void The_first_block_of_a_slot_carries_the_settlement_that_every_validator_recomputes()
    {
        var settlementBlock = SettleSlotOne();
        var settlement = MarketSettlement.Decode(settlementBlock.Header.ConsensusData.Span);
        Assert.Equal(1UL, settlement.Slot);
        Assert.Equal(_chain.Keys.Select(k => k.Address).Order(), settlement.Participants.Select(p => p.Address));
        Assert.Contains(settlement.Outcome.Trades, t => t.From != EnergyTrade.Edc && t.To != EnergyTrade.Edc);
        Assert.True(settlement.Outcome.TotalSavingsWh > 0);
        Assert.True(settlement.RewardMicro > 0);

        // The state keeps the same bytes: the next slot's miners are drawn from them.
        Assert.Equal(settlementBlock.Header.ConsensusData.ToArray(), PoegLedger.Market(_chain.Chain)!.Encode());

        // Blocks inside a slot carry nothing.
        Assert.True(_chain.Produce().Header.ConsensusData.IsEmpty);
    }

    [Fact]
    public void A_block_with_altered_coalition_output_is_refused()
    {
        RegisterAndForecastSlotOne();
        _chain.ProduceUntilNext(_chain.Engine.Parameters.SettlementHeightOf(1));
        var honest = _chain.Build();
        var producer = _chain.KeyOf(honest.Header.ProducerKey!);
        var settlement = MarketSettlement.Decode(honest.Header.ConsensusData.Span);

        // The producer claims a larger score for its own coalition.
        var coalitions = settlement.Outcome.Coalitions.Select((c, i) => i == 0 ? c with { Score = c.Score + 1 } : c).ToList();
        var altered = new MarketSettlement(settlement.Slot, settlement.RewardMicro, settlement.Participants, settlement.Outcome with { Coalitions = coalitions });
        AssertRefused(honest.Header with { ConsensusData = altered.Encode() });

        // A larger mining reward, or no settlement at all, is refused the same way.
        AssertRefused(honest.Header with { ConsensusData = new MarketSettlement(settlement.Slot, settlement.RewardMicro + 1, settlement.Participants, settlement.Outcome).Encode() });
        AssertRefused(honest.Header with { ConsensusData = ReadOnlyMemory<byte>.Empty });

        Assert.True(_chain.Chain.Validate(honest).IsValid);

        void AssertRefused(BlockHeader header)
        {
            var result = _chain.Chain.Validate(new Block(header.SignWith(producer), honest.Transactions));
            Assert.Equal(BlockError.InvalidConsensusData, result.Error);
        }
    }

    [Fact]
    public void Consensus_data_inside_a_slot_is_refused()
    {
        _chain.Produce(); // height 1 opens slot 0
        var inside = _chain.Build();
        var forged = new Block((inside.Header with { ConsensusData = new byte[] { 1 } }).SignWith(_chain.KeyOf(inside.Header.ProducerKey!)), inside.Transactions);
        Assert.Equal(BlockError.InvalidConsensusData, _chain.Chain.Validate(forged).Error);
    }

    [Fact]
    public void The_settlement_pays_the_winning_coalition_its_Shapley_shares_of_the_fees_collected_at_clearing()
    {
        SettleSlotOne();
        var settlement = PoegLedger.Market(_chain.Chain)!;
        var (members, shares) = _chain.Engine.Market.RewardShares(settlement, _chain.Chain);
        Assert.NotEmpty(members);
        Assert.Equal((long)settlement.RewardMicro, shares.Sum());
        Assert.Equal(settlement.Contributions.Aggregate(0UL, (a, b) => a + b), settlement.RewardMicro);
        Assert.Equal(settlement.RewardMicro, _chain.Chain.GetAccount(SystemAddresses.RewardPool).Balance);

        // The meters read exactly the forecasts: everything contracted is delivered.
        _chain.ReadAndSettle(1, i => (Households[i].P, Households[i].C));
        var before = _chain.Keys.Select(k => _chain.Chain.GetAccount(k.Address).Balance).ToArray();
        var block = _chain.Produce(); // settles slot 1 on delivered energy
        var delivery = DeliverySettlement.Decode(block.Header.ConsensusData.Span);
        Assert.Equal(1UL, delivery.Slot);
        for (var i = 0; i < members.Count; i++)
        {
            var index = members[i];
            Assert.Equal((ulong)shares[i], delivery.Households[index].RewardMicro);
            Assert.False(delivery.Households[index].RewardWithheld);
            var key = Array.FindIndex(_chain.Keys, k => k.Address == settlement.Participants[index].Address);
            Assert.Equal(before[key] + Received(settlement, delivery, index) + (ulong)shares[i], _chain.Chain.GetAccount(_chain.Keys[key].Address).Balance);
        }

        Assert.Equal(0UL, _chain.Chain.GetAccount(SystemAddresses.RewardPool).Balance);
        Assert.Equal(0UL, _chain.Chain.GetAccount(SystemAddresses.MarketEscrow).Balance);
    }

    [Fact]
    public void A_sealer_that_misses_its_round_is_slashed_and_its_share_of_the_reward_is_burned()
    {
        SettleSlotOne();
        var settlement = PoegLedger.Market(_chain.Chain)!;
        var (members, shares) = _chain.Engine.Market.RewardShares(settlement, _chain.Chain);

        // Round 0's sealer of this slot is the winning coalition's top member: it does not produce, round 1 does.
        var refusing = _chain.Engine.ProducerFor(_chain.Chain, _chain.NextHeight, 0);
        var fallback = _chain.Engine.ProducerFor(_chain.Chain, _chain.NextHeight, 1);
        Assert.NotEqual(refusing, fallback);
        var refusingIndex = members.Select(m => settlement.Participants[m].Address).ToList().IndexOf(refusing.Address);
        Assert.True(refusingIndex >= 0, "the sealer comes from the winning coalition");

        _chain.Produce(round: 1);
        Assert.True(_chain.Chain.GetAccount(refusing.Address).SlashedTotal > 0);

        _chain.ReadAndSettle(1, i => (Households[i].P, Households[i].C));
        var before = _chain.Chain.GetAccount(refusing.Address).Balance;
        var burnedBefore = _chain.Chain.GetAccount(SystemAddresses.Penalty).Balance;
        var block = _chain.Produce();
        var delivery = DeliverySettlement.Decode(block.Header.ConsensusData.Span);
        var withheld = delivery.Households[members[refusingIndex]];
        Assert.True(withheld.RewardWithheld);
        Assert.Equal((ulong)shares[refusingIndex], withheld.RewardMicro);
        Assert.Equal(before + Received(settlement, delivery, members[refusingIndex]), _chain.Chain.GetAccount(refusing.Address).Balance);
        Assert.Equal(burnedBefore + (ulong)shares[refusingIndex], _chain.Chain.GetAccount(SystemAddresses.Penalty).Balance);
        for (var i = 0; i < members.Count; i++)
        {
            Assert.Equal(i != refusingIndex, delivery.Households[members[i]].RewardMicro > 0 && !delivery.Households[members[i]].RewardWithheld);
        }
    }

    /// <summary>What participant <paramref name="index"/> was paid as a seller in the settlement.</summary>
    private static ulong Received(MarketSettlement settlement, DeliverySettlement delivery, int index)
    {
        ulong total = 0;
        var t = 0;
        foreach (var trade in settlement.MemberTrades)
        {
            total += trade.From == index ? delivery.TradeDeliveredWh[t] * settlement.PriceOf(trade) : 0;
            t++;
        }

        return total;
    }

    private void RegisterAndForecastSlotOne() => TwoNeighbourhoods.RegisterAndOrderSlotOne(_chain);

    private Block SettleSlotOne()
    {
        RegisterAndForecastSlotOne();
        _chain.ProduceUntilNext(_chain.Engine.Parameters.SettlementHeightOf(1));
        return _chain.Produce();
    }
}
