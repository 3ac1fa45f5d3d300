using EnergyChain.Consensus.Federated;
using EnergyChain.Consensus.Posoc;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Posoc;

/// <summary>PoSOC inputs on chain: EV reports and model updates, and the refusal each bad one gets.</summary>
public sealed class PosocRulesTests
{
    private static readonly uint ShapeId = ModelUpdatePayload.ShapeIdOf(PosocChain.Shape);
    private readonly PosocChain _chain = new();

    [Fact]
    public void Bad_reports_are_refused_with_the_reason()
    {
        var ev = _chain.Keys[0];
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new EvReportPayload(900_000, 800_000, 0, 0, false))), "above the maximum");
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new EvReportPayload(500_000, 800_000, 50_001, 0, false))), "exceed the limit");
        AssertRefused(_chain.Pool.Add(_chain.Tx(_chain.Outsider, new EvReportPayload(500_000, 800_000, 0, 0, false))), "not a member");

        Assert.True(_chain.Pool.Add(_chain.Tx(ev, new EvReportPayload(500_000, 800_000, 0, 2_000, true))).Accepted);
        _chain.Produce();
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new EvReportPayload(500_000, 800_000, 0, 0, false))), "already reported hour 0");

        _chain.ProduceUntilNext(3); // hour 1
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new EvReportPayload(400_000, 800_000, 0, 1_000, true))), "already departed");
        Assert.True(_chain.Pool.Add(_chain.Tx(ev, new EvReportPayload(400_000, 800_000, 0, 0, false))).Accepted);
    }

    [Fact]
    public void Bad_model_updates_are_refused_with_the_reason()
    {
        var ev = _chain.Keys[1];
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new ModelUpdatePayload(1, 10, ShapeId, [1, 2, 3, 4]))), "round 0 is open");
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new ModelUpdatePayload(0, 10, ShapeId, [1, 2, 3]))), "wrong model shape");
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new ModelUpdatePayload(0, 10, ShapeId, new int[5]))), "wrong model shape");
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new ModelUpdatePayload(0, 10, ModelUpdatePayload.ShapeIdOf("other"), [1, 2, 3, 4]))), "wrong model shape");
        AssertRefused(_chain.Pool.Add(_chain.Tx(_chain.Outsider, new ModelUpdatePayload(0, 10, ShapeId, [1, 2, 3, 4]))), "not a member");

        _chain.Produce(extra: [_chain.Tx(ev, new ModelUpdatePayload(0, 10, ShapeId, [1, 2, 3, 4]))]);
        AssertRefused(_chain.Pool.Add(_chain.Tx(ev, new ModelUpdatePayload(0, 10, ShapeId, [5, 6, 7, 8]))), "already sent");
    }

    [Fact]
    public void The_block_that_opens_a_round_carries_the_exact_fixed_point_FedAvg_of_the_closed_round()
    {
        // Plain FedAvg is no longer the default, so this genesis names it.
        var chain = new PosocChain(", \"aggregation\": \"fedavg\"");

        // EV i sends [i, -i, 2^-16, 0] in Q16.16 with n_i = i + 1 samples: FedAvg = sum(w n) / sum(n) per coordinate:
        // coordinate 0: 65,536 x (0x1 + 1x2 + 2x3 + 3x4) / 10 = 65,536 x 20 / 10 = 131,072; coordinate 2: 10 / 10 = 1.
        chain.Produce(extra: chain.Keys.Select((k, i) => chain.Tx(k, new ModelUpdatePayload(0, (ulong)i + 1, ShapeId, [i * ModelUpdatePayload.One, -i * ModelUpdatePayload.One, 1, 0]))).ToList());
        chain.ProduceUntilNext(chain.Engine.Parameters.RoundStartHeight(1));
        var opening = chain.Produce();

        var close = PosocBlockData.Decode(opening.Header.ConsensusData.Span).Close!;
        Assert.Equal(0UL, close.ClosedRound);
        Assert.Equal(4, close.Contributors);
        Assert.Equal([131_072, -131_072, 1, 0], close.Weights);
        var model = PosocLedger.Model(chain.Chain)!;
        Assert.Equal(close.Weights, model.Weights);
        Assert.Equal(model.Hash, close.ModelHash);
        Assert.True(chain.Produce().Header.ConsensusData.IsEmpty);
    }

    [Fact]
    public void By_default_the_block_that_opens_a_round_carries_the_exact_capped_FedAvg_of_the_closed_round()
    {
        Assert.Equal(AggregationSpec.CappedFedAvg, _chain.Engine.Parameters.Aggregation);

        // The same updates as above: n_i = 1, 2, 3, 4 sorted, element (4 - 1) / 2 is 2, so the counts become 1, 2, 2, 2:
        // coordinate 0: 65,536 x (0x1 + 1x2 + 2x2 + 3x2) / 7 = 786,432 / 7 = 112,347.43 -> 112,347; coordinate 2: 7 / 7 = 1.
        _chain.Produce(extra: _chain.Keys.Select((k, i) => _chain.Tx(k, new ModelUpdatePayload(0, (ulong)i + 1, ShapeId, [i * ModelUpdatePayload.One, -i * ModelUpdatePayload.One, 1, 0]))).ToList());
        _chain.ProduceUntilNext(_chain.Engine.Parameters.RoundStartHeight(1));
        var close = PosocBlockData.Decode(_chain.Produce().Header.ConsensusData.Span).Close!;

        Assert.Equal(0UL, close.ClosedRound);
        Assert.Equal(4, close.Contributors);
        Assert.Equal([112_347, -112_347, 1, 0], close.Weights);
        var model = PosocLedger.Model(_chain.Chain)!;
        Assert.Equal(close.Weights, model.Weights);
        Assert.Equal(model.Hash, close.ModelHash);
    }

    [Fact]
    public void With_median_aggregation_a_poisoned_update_does_not_move_the_global_model()
    {
        var chain = new PosocChain(", \"aggregation\": \"median\"");
        var updates = chain.Keys.Select((k, i) => i == 3
            ? chain.Tx(k, new ModelUpdatePayload(0, 1_000_000, ShapeId, [int.MaxValue, int.MinValue, int.MaxValue, int.MaxValue]))
            : chain.Tx(k, new ModelUpdatePayload(0, 1, ShapeId, [ModelUpdatePayload.One + i, -ModelUpdatePayload.One, i, 0]))).ToList();
        chain.Produce(extra: updates);
        chain.ProduceUntilNext(chain.Engine.Parameters.RoundStartHeight(1));
        var close = PosocBlockData.Decode(chain.Produce().Header.ConsensusData.Span).Close!;

        // The lower median of each coordinate is an honest value; FedAvg would have followed the poisoned EV.
        Assert.Equal(4, close.Contributors);
        Assert.Equal([ModelUpdatePayload.One + 1, -ModelUpdatePayload.One, 1, 0], close.Weights);
    }

    [Fact]
    public void A_block_with_an_altered_aggregate_is_refused()
    {
        _chain.Produce(extra: _chain.Keys.Select((k, i) => _chain.Tx(k, new ModelUpdatePayload(0, 1, ShapeId, [i, i, i, i]))).ToList());
        _chain.ProduceUntilNext(_chain.Engine.Parameters.RoundStartHeight(1));
        var honest = _chain.Build();
        var key = _chain.KeyOf(honest.Header.ProducerKey!);
        var close = PosocBlockData.Decode(honest.Header.ConsensusData.Span).Close!;
        var weights = (int[])close.Weights.Clone();
        weights[0] += 1;
        foreach (var forged in new[]
        {
            close with { Weights = weights },
            close with { Weights = weights, ModelHash = global::EnergyChain.Consensus.Federated.ModelHash.Compute(weights) },
            close with { FeesCollectedMicro = close.FeesCollectedMicro + 1 },
            close with { Mlag = _chain.Outsider.Address },
        })
        {
            var block = new Block((honest.Header with { ConsensusData = new PosocBlockData(forged, null, null).Encode() }).SignWith(key), honest.Transactions);
            Assert.Equal(BlockError.InvalidConsensusData, _chain.Chain.Validate(block).Error);
        }

        Assert.True(_chain.Chain.Validate(honest).IsValid);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_rounds_mLAG_collects_beta_of_every_EVs_profit_and_an_EV_that_cannot_pay_owes_the_rest_and_is_not_elected(bool throughRewardContract)
    {
        var (chain, mlag, sellers) = TwoSellersWithProfit(throughRewardContract, deposit: 0);
        var poor = sellers[1];
        var before = chain.Keys.ToDictionary(k => k.Address, k => chain.Chain.GetAccount(k.Address).Balance);
        var block = chain.Produce();
        Assert.Empty(block.Transactions);
        var close = PosocBlockData.Decode(block.Header.ConsensusData.Span).Close!;
        Assert.Equal(mlag, close.Mlag);

        // Each seller sold 5 kWh at 110, 42 above off-peak: 210,000 of realised profit, so 21,000 owed to the mLAG.
        ulong collected = 0;
        foreach (var payer in chain.Keys.Select(k => k.Address).Where(a => a != mlag))
        {
            var paid = before[payer] - chain.Chain.GetAccount(payer).Balance;
            var owes = PosocLedger.Ev(chain.Chain, payer).FeeDueMicro;
            Assert.Equal(sellers.Any(s => s.Address == payer) ? 21_000UL : 0UL, paid + owes);
            collected += paid;
            Assert.Equal(payer == poor.Address, owes > 0);
        }

        Assert.Equal(before[mlag] + collected, chain.Chain.GetAccount(mlag).Balance);
        Assert.Equal(collected, close.FeesCollectedMicro);
        Assert.Equal(0UL, chain.Chain.GetAccount(global::EnergyChain.Core.Execution.SystemAddresses.Reward).Balance);

        // An EV that owes a fee weighs 0 in the next election (Fig. 4.5).
        Assert.Equal(0UL, PosocLedger.Election(chain.Chain)!.WeightOf(poor.PublicKey));
    }

    [Fact]
    public void Through_the_penalty_contract_the_rest_of_an_unpaid_fee_is_taken_from_the_EVs_deposit_for_the_mLAG()
    {
        // Fig. 4.5: the poor seller put 20,000 into the penalty contract as a deposit, then spent its balance.
        var penalty = global::EnergyChain.Core.Execution.SystemAddresses.Penalty;
        var (chain, mlag, sellers) = TwoSellersWithProfit(contracts: true, deposit: 20_000);
        var poor = sellers[1];
        Assert.Equal(20_000UL, chain.Chain.GetAccount(penalty).Balance);
        var balance = chain.Chain.GetAccount(poor.Address).Balance;
        var mlagBefore = chain.Chain.GetAccount(mlag).Balance;
        chain.Produce();

        // Owed 21,000: the balance pays what it has, the deposit gives 20,000, the rest stays owed.
        var paidFromBalance = balance - chain.Chain.GetAccount(poor.Address).Balance;
        Assert.True(paidFromBalance < 1_000);
        Assert.Equal(0UL, chain.Chain.GetAccount(penalty).Balance);
        var owed = PosocLedger.Ev(chain.Chain, poor.Address).FeeDueMicro;
        Assert.Equal(21_000UL - paidFromBalance - 20_000UL, owed);
        Assert.Equal(mlagBefore + (2 * 21_000UL) - owed, chain.Chain.GetAccount(mlag).Balance);
    }

    /// <summary>
    /// A chain at the block that closes round 0, in which two EVs other than the round's mLAG each sold 5 kWh to the
    /// other two at 110 micro/Wh (delivered and settled); the second seller put <paramref name="deposit"/> into the
    /// penalty contract and then spent all but a few hundred micro-units of its balance.
    /// </summary>
    private static (PosocChain Chain, global::EnergyChain.Core.Crypto.Address Mlag, global::EnergyChain.Core.Crypto.PrivateKey[] Sellers) TwoSellersWithProfit(bool contracts, ulong deposit)
    {
        var chain = new PosocChain(contracts: contracts, roundHours: 4);
        chain.Produce(); // height 1 opens round 0 and fixes its election
        var mlag = MlagSelector.MlagOf(chain.Chain, chain.Chain.Head.Height + 1).Address;
        var sellers = chain.Keys.Where(k => k.Address != mlag).Take(2).ToArray();
        var buyers = chain.Keys.Except(sellers).ToArray();
        V2v.V2vSteps.Post(chain, (sellers[0], V2v.V2vSteps.Sell(1, 5_000, 20)), (sellers[1], V2v.V2vSteps.Sell(1, 5_000, 20)), (buyers[0], V2v.V2vSteps.Buy(1, 5_000, 200)), (buyers[1], V2v.V2vSteps.Buy(1, 5_000, 200)));
        if (deposit > 0)
        {
            V2v.V2vSteps.Post(chain, (sellers[1], new ContractCallPayload(global::EnergyChain.Core.Execution.SystemAddresses.Penalty, 0, [], deposit, 100_000)));
        }

        var matching = PosocBlockData.Decode(V2v.V2vSteps.OpenHour(chain, 1).Header.ConsensusData.Span).Matching!;
        foreach (var t in matching.Trades)
        {
            var seller = sellers.Single(k => k.Address == matching.Orders[t.Seller].Ev);
            V2v.V2vSteps.Post(chain, (seller, new V2vDeliveryPayload(1, matching.Orders[t.Buyer].Ev, t.EnergyWh)));
        }

        V2v.V2vSteps.OpenHour(chain, 3); // settles hour 1, inside round 0
        V2v.V2vSteps.Post(chain, (sellers[1], new TransferPayload(chain.Outsider.Address, chain.Chain.GetAccount(sellers[1].Address).Balance - 500)));
        chain.ProduceUntilNext(chain.Engine.Parameters.RoundStartHeight(1));
        return (chain, mlag, sellers);
    }

    private static void AssertRefused(TxAdmission admission, string reason)
    {
        Assert.Equal(TxAdmissionStatus.Rejected, admission.Status);
        Assert.Equal(TxError.InvalidReport, admission.Rejection!.Error);
        Assert.Contains(reason, admission.Rejection.Message, StringComparison.Ordinal);
    }
}
