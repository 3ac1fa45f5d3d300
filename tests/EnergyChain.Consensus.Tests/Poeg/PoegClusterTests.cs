using EnergyChain.Consensus.Market;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// Four poeg members in the simulated cluster, each a household that registers a location and forecasts every
/// market slot: coalitions and trades land in blocks, the miner coalition changes with the draws, rewards are paid,
/// a refusing sealer is slashed and replaced, and altered coalition output is refused by every node.
/// </summary>
public sealed class PoegClusterTests
{
    private const ulong SlotBlocks = 6;

    private static readonly (long X, long Y, ulong P, ulong C)[] Homes = TwoNeighbourhoods.Households;

    [Fact]
    public void Households_trade_in_coalitions_the_miner_rotates_and_rewards_are_paid()
    {
        var cluster = NewCluster(seed: 31);
        var households = new HouseholdDriver(cluster);
        cluster.Start();
        Assert.True(
            cluster.RunUntil(() => households.Feed() && cluster.MinHeight() >= (SlotBlocks * 8) + 2, TimeSpan.FromMinutes(3)),
            $"8 market slots settle; heights {cluster.MinHeight()}..{cluster.MaxHeight()}");
        cluster.AssertSafety();

        var chain = cluster.Nodes[0].Chain;
        var engine = (PoegEngine)cluster.Nodes[0].Engine!;
        var height = cluster.MinHeight();
        Assert.Single(cluster.Nodes.Select(n => n.Chain.Store.GetBlock(height)!.Header.StateRoot).Distinct());

        var settlements = Enumerable.Range(1, 7)
            .Select(s => MarketSettlement.Decode(chain.Store.GetBlock(engine.Parameters.SettlementHeightOf((ulong)s))!.Header.ConsensusData.Span))
            .ToList();
        var traded = settlements.Where(s => s.Participants.Count == 4).ToList();
        Assert.True(traded.Count >= 5, $"forecasts of all four households reached {traded.Count} of 7 settlements");
        Assert.All(traded, s => Assert.Contains(s.Outcome.Trades, t => t.From != EnergyTrade.Edc && t.To != EnergyTrade.Edc));

        // Each slot is sealed by its miner coalition's top member; over the slots more than one member seals.
        var sealers = Enumerable.Range(2, 6)
            .Select(s => chain.Store.GetBlock(engine.Parameters.SettlementHeightOf((ulong)s) + 1)!.Header.ProducerKey!)
            .ToList();
        Assert.True(sealers.Distinct().Count() >= 2, $"the sealer changed across slots: {string.Join(", ", sealers)}");

        // Rewards: nobody was slashed in this honest run. They are paid from the fees collected at clearing (slot
        // s's when it settles on delivered energy), so money only moved: the supply is what genesis created.
        Assert.All(cluster.Keys, k => Assert.Equal(0UL, chain.GetAccount(k.Address).SlashedTotal));
        var head = chain.Head.Height;
        var paid = 0L;
        for (ulong s = 1; engine.Parameters.DeliveryHeightOf(s) <= head; s++)
        {
            var settlement = MarketSettlement.Decode(chain.Store.GetBlock(engine.Parameters.SettlementHeightOf(s))!.Header.ConsensusData.Span);
            paid += engine.Market.RewardShares(settlement, chain).Shares.Sum();
        }

        Assert.True(paid > 0);
        var genesisSupply = cluster.Genesis.Accounts.Aggregate(0UL, (sum, a) => sum + a.Balance + a.Stake);
        Assert.Equal(genesisSupply, MoneySupply.Of(chain));
    }

    [Fact]
    public void A_sealer_that_refuses_is_slashed_on_every_node_and_its_coalition_replaced()
    {
        var cluster = NewCluster(seed: 32);
        var households = new HouseholdDriver(cluster);
        cluster.Start();
        var engine = (PoegEngine)cluster.Nodes[0].Engine!;
        var firstTradingSlot = engine.Parameters.SettlementHeightOf(1);
        Assert.True(cluster.RunUntil(() => households.Feed() && cluster.MinHeight() >= firstTradingSlot + 1, TimeSpan.FromMinutes(2)));

        var chain = cluster.Nodes[0].Chain;
        var sealer = engine.ProducerFor(chain, chain.Head.Height + 1, 0);
        var offline = Array.FindIndex(cluster.Keys, k => k.PublicKey.Equals(sealer));
        cluster.Sim.Crash(offline);
        var live = Enumerable.Range(0, 4).Where(i => i != offline).ToArray();
        Assert.True(
            cluster.RunUntil(() => households.Feed() && cluster.MinHeight(live) >= firstTradingSlot + (2 * SlotBlocks), TimeSpan.FromMinutes(3)),
            "the other three keep finalizing without the refusing sealer");
        cluster.AssertSafety();
        foreach (var i in live)
        {
            Assert.True(cluster.Nodes[i].Chain.GetAccount(sealer.Address).SlashedTotal > 0, $"node {i} slashed the refusing sealer");
        }

        // Once slashed it is excluded: the slot's later blocks are sealed by someone else in round 0.
        var top = cluster.Nodes[live[0]].Chain.Head.Height;
        var block = cluster.Nodes[live[0]].Chain.Store.GetBlock(top)!;
        Assert.NotEqual(sealer, block.Header.ProducerKey);
    }

    [Fact]
    public void Every_honest_node_refuses_a_settlement_block_with_altered_coalition_output()
    {
        var cluster = NewCluster(seed: 33);
        var households = new HouseholdDriver(cluster);
        cluster.Start();
        var engine = (PoegEngine)cluster.Nodes[0].Engine!;
        var settlementHeight = engine.Parameters.SettlementHeightOf(2);
        Assert.True(cluster.RunUntil(() => households.Feed() && cluster.MinHeight() >= settlementHeight - 1 && cluster.MaxHeight() == settlementHeight - 1, TimeSpan.FromMinutes(2)));

        var chain = cluster.Nodes[0].Chain;
        var producer = engine.ProducerFor(chain, settlementHeight, 0);
        var key = cluster.Keys.Single(k => k.PublicKey.Equals(producer));
        var honest = chain.Executor.BuildBlock(chain, [], key, chain.Head.Timestamp + 1).Block;
        var settlement = MarketSettlement.Decode(honest.Header.ConsensusData.Span);
        Assert.Equal(4, settlement.Participants.Count);

        // Move the first trade's energy by one Wh: a different outcome than the forecasts give.
        var trades = settlement.Outcome.Trades.Select((t, i) => i == 0 ? t with { EnergyWh = t.EnergyWh + 1 } : t).ToList();
        var altered = new MarketSettlement(settlement.Slot, settlement.RewardMicro, settlement.Participants, settlement.Outcome with { Trades = trades });
        var forged = new Block((honest.Header with { ConsensusData = altered.Encode() }).SignWith(key), honest.Transactions);
        foreach (var node in cluster.Nodes)
        {
            Assert.True(node.Chain.Validate(honest).IsValid);
            Assert.Equal(BlockError.InvalidConsensusData, node.Chain.Validate(forged).Error);
        }
    }

    private static BftCluster NewCluster(int seed) =>
        new(4, seed, engine: "poeg", engineParameters: $"{{\"marketSlotBlocks\": {SlotBlocks}, \"proposeTimeoutMs\": 600}}");

    /// <summary>Registers every household once, then forecasts each next slot early in the current one.</summary>
    private sealed class HouseholdDriver(BftCluster cluster)
    {
        private readonly ulong[] _nonce = new ulong[cluster.Keys.Length];
        private readonly ulong[] _forecast = new ulong[cluster.Keys.Length];
        private bool _registered;

        public bool Feed()
        {
            var parameters = ((PoegEngine)cluster.Nodes[0].Engine!).Parameters;
            for (var i = 0; i < cluster.Keys.Length; i++)
            {
                if (!cluster.Sim.IsRunning(i))
                {
                    continue;
                }

                var node = cluster.Nodes[i];
                var next = node.Chain.Head.Height + 1;
                _nonce[i] = Math.Max(_nonce[i], node.Chain.GetAccount(cluster.Keys[i].Address).Nonce);
                if (!_registered)
                {
                    Submit(i, new GridRegistrationPayload(Homes[i].X, Homes[i].Y));
                    continue;
                }

                var slot = parameters.MarketSlotOf(next);
                var offset = (next - 1) % parameters.MarketSlotBlocks;
                if (_forecast[i] <= slot && offset <= 2 && PoegLedger.Household(node.Chain, cluster.Keys[i].Address) is not null)
                {
                    // Vary the profile per slot a little, so coalitions and scores change.
                    var wobble = (slot * 97 % 7) * 100;
                    Submit(i, new EnergyReportPayload(slot + 1, Homes[i].P + wobble, Homes[i].C));
                    _forecast[i] = slot + 1;
                }
            }

            _registered = true;
            return true;
        }

        private void Submit(int i, TxPayload payload)
        {
            var tx = Transaction.Create(BftCluster.ChainId, cluster.Keys[i], _nonce[i], 1, payload);
            if (cluster.Nodes[i].Submit(tx).Accepted)
            {
                _nonce[i]++;
            }
        }
    }
}
