using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Posoc;

/// <summary>
/// Four posoc members in the simulated cluster, each an EV that reports every hour and sends a model update every
/// round: global models land in blocks, the mLAG changes with the draws, fees are collected, and a refusing mLAG
/// is slashed on every node and replaced.
/// </summary>
public sealed class PosocClusterTests
{
    private const string Parameters = "{\"hourBlocks\": 2, \"roundHours\": 3, \"modelShape\": \"test/4\", \"modelParameters\": 4, \"proposeTimeoutMs\": 600}";
    private static readonly uint ShapeId = ModelUpdatePayload.ShapeIdOf("test/4");

    [Fact]
    public void EVs_report_and_learn_the_global_model_lands_in_blocks_and_the_mLAG_rotates()
    {
        var cluster = new BftCluster(4, 41, engine: "posoc", engineParameters: Parameters);
        var evs = new EvDriver(cluster);
        var engine = (PosocEngine)cluster.Nodes[0].Engine!;
        cluster.Start();
        var target = engine.Parameters.RoundStartHeight(6);
        Assert.True(cluster.RunUntil(() => evs.Feed() && cluster.MinHeight() >= target, TimeSpan.FromMinutes(3)), $"6 rounds close; heights {cluster.MinHeight()}..{cluster.MaxHeight()}");
        cluster.AssertSafety();
        Assert.Single(cluster.Nodes.Select(n => n.Chain.Store.GetBlock(target)!.Header.StateRoot).Distinct());

        var chain = cluster.Nodes[0].Chain;
        var closes = Enumerable.Range(1, 6).Select(r => PosocBlockData.Decode(chain.Store.GetBlock(engine.Parameters.RoundStartHeight((ulong)r))!.Header.ConsensusData.Span).Close!).ToList();
        Assert.True(closes.Count(c => c.Contributors == 4) >= 4, $"rounds aggregated from all four EVs: {string.Join(", ", closes.Select(c => c.Contributors))}");
        Assert.All(closes.Where(c => c.Contributors > 0), c => Assert.Equal(global::EnergyChain.Consensus.Federated.ModelHash.Compute(c.Weights), c.ModelHash));
        Assert.True(closes.Select(c => c.Mlag).Distinct().Count() >= 2, $"the mLAG changed: {string.Join(", ", closes.Select(c => c.Mlag))}");
        Assert.Contains(closes, c => c.FeesCollectedMicro > 0);

        // Each round's blocks are proposed by its mLAG when nobody misses a slot.
        var round3 = engine.Parameters.RoundStartHeight(3);
        Assert.Equal(closes[3].Mlag, chain.Store.GetBlock(round3 + 1)!.Header.ProducerKey!.Address);
    }

    [Fact]
    public void An_mLAG_that_refuses_is_slashed_on_every_node_and_replaced()
    {
        var cluster = new BftCluster(4, 42, engine: "posoc", engineParameters: Parameters);
        var evs = new EvDriver(cluster);
        var engine = (PosocEngine)cluster.Nodes[0].Engine!;
        cluster.Start();
        Assert.True(cluster.RunUntil(() => evs.Feed() && cluster.MinHeight() >= engine.Parameters.RoundStartHeight(1), TimeSpan.FromMinutes(2)));

        var chain = cluster.Nodes[0].Chain;
        var mlag = engine.ProducerFor(chain, chain.Head.Height + 1, 0);
        var offline = Array.FindIndex(cluster.Keys, k => k.PublicKey.Equals(mlag));
        cluster.Sim.Crash(offline);
        var live = Enumerable.Range(0, 4).Where(i => i != offline).ToArray();
        Assert.True(
            cluster.RunUntil(() => evs.Feed() && cluster.MinHeight(live) >= engine.Parameters.RoundStartHeight(3), TimeSpan.FromMinutes(3)),
            "the other three go on without the refusing mLAG");
        cluster.AssertSafety();
        foreach (var i in live)
        {
            Assert.True(cluster.Nodes[i].Chain.GetAccount(mlag.Address).SlashedTotal > 0, $"node {i} slashed the refusing mLAG");
        }

        var head = cluster.Nodes[live[0]].Chain;
        Assert.NotEqual(mlag, head.Store.GetBlock(head.Head.Height)!.Header.ProducerKey);
    }

    [Fact]
    public void Every_honest_node_refuses_a_round_opening_block_with_an_altered_aggregate()
    {
        var cluster = new BftCluster(4, 43, engine: "posoc", engineParameters: Parameters);
        var evs = new EvDriver(cluster);
        var engine = (PosocEngine)cluster.Nodes[0].Engine!;
        cluster.Start();
        var opening = engine.Parameters.RoundStartHeight(2);
        Assert.True(cluster.RunUntil(() => evs.Feed() && cluster.MinHeight() >= opening - 1 && cluster.MaxHeight() == opening - 1, TimeSpan.FromMinutes(2)));

        var chain = cluster.Nodes[0].Chain;
        var key = cluster.Keys.Single(k => k.PublicKey.Equals(engine.ProducerFor(chain, opening, 0)));
        var honest = chain.Executor.BuildBlock(chain, [], key, chain.Head.Timestamp + 1).Block;
        var close = PosocBlockData.Decode(honest.Header.ConsensusData.Span).Close!;
        Assert.True(close.Contributors > 0);
        var weights = (int[])close.Weights.Clone();
        weights[^1] -= 1;
        var altered = close with { Weights = weights, ModelHash = global::EnergyChain.Consensus.Federated.ModelHash.Compute(weights) };
        var forged = new global::EnergyChain.Core.Blocks.Block((honest.Header with { ConsensusData = new PosocBlockData(altered, null, null).Encode() }).SignWith(key), honest.Transactions);
        foreach (var node in cluster.Nodes)
        {
            Assert.True(node.Chain.Validate(honest).IsValid);
            Assert.Equal(global::EnergyChain.Core.Execution.BlockError.InvalidConsensusData, node.Chain.Validate(forged).Error);
        }
    }

    /// <summary>
    /// Every hour each running EV reports (discharging at peak hours) and posts a V2V intent for the hour after next (half
    /// of them sell, half buy, swapping every hour), reports its charger reading for each trade matched in the hour,
    /// and once per round sends an update.
    /// </summary>
    private sealed class EvDriver(BftCluster cluster)
    {
        private readonly ulong[] _nonce = new ulong[cluster.Keys.Length];
        private readonly ulong[] _reported = new ulong[cluster.Keys.Length];
        private readonly ulong[] _delivered = new ulong[cluster.Keys.Length];
        private readonly ulong[] _updated = new ulong[cluster.Keys.Length];

        public bool Feed()
        {
            var parameters = ((PosocEngine)cluster.Nodes[0].Engine!).Parameters;
            for (var i = 0; i < cluster.Keys.Length; i++)
            {
                if (!cluster.Sim.IsRunning(i))
                {
                    continue;
                }

                var node = cluster.Nodes[i];
                var next = node.Chain.Head.Height + 1;
                // A transaction that became invalid while it waited (a report that landed in the next hour) leaves the
                // pool at block building: start again from the first nonce the pool no longer covers.
                var account = node.Chain.GetAccount(cluster.Keys[i].Address).Nonce;
                _nonce[i] = account + (ulong)node.Pool.PendingRun(cluster.Keys[i].Address, account);
                var hour = parameters.HourOf(next);
                if (_reported[i] < hour + 1 && (next - 1) % parameters.HourBlocks == 0)
                {
                    var discharge = (ulong)(1_000 * (i + 1)) * (hour % 3);
                    Submit(i, new EvReportPayload(500_000, 800_000, 500, discharge, false));
                    var sell = (i + (int)hour) % 2 == 0;
                    Submit(i, new V2vIntentPayload(hour + 2, sell ? V2vSide.Sell : V2vSide.Buy, 2_000, sell ? 20UL : 200UL, 0, hour + 2, hour + 3));
                    _reported[i] = hour + 1;
                }

                if (_delivered[i] < hour + 1 && V2vLedger.Matching(node.Chain, hour) is { } matching)
                {
                    var me = cluster.Keys[i].Address;
                    foreach (var trade in matching.Trades)
                    {
                        var (seller, buyer) = (matching.Orders[trade.Seller].Ev, matching.Orders[trade.Buyer].Ev);
                        if (seller == me || buyer == me)
                        {
                            Submit(i, new V2vDeliveryPayload(hour, seller == me ? buyer : seller, trade.EnergyWh));
                        }
                    }

                    _delivered[i] = hour + 1;
                }

                var round = parameters.RoundOf(next);
                if (_updated[i] < round + 1 && (next - 1) % parameters.RoundBlocks <= 2)
                {
                    var w = (int)(round * 100) + i;
                    Submit(i, new ModelUpdatePayload(round, (ulong)(10 + i), ShapeId, [w, -w, 2 * w, i]));
                    _updated[i] = round + 1;
                }
            }

            return true;
        }

        private void Submit(int i, TxPayload payload)
        {
            var tx = Transaction.Create(BftCluster.ChainId, cluster.Keys[i], _nonce[i], 1, payload);
            var admission = cluster.Nodes[i].Submit(tx);
            if (admission.Accepted)
            {
                _nonce[i]++;
            }

        }
    }
}
