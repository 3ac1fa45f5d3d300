using EnergyChain.Consensus.Market;

namespace EnergyChain.Consensus.Tests.Market;

public sealed class LossOptimizerTests
{
    [Fact]
    public void A_close_pair_trades_directly_and_both_sides_save()
    {
        var grid = new GridParameters(0, 0, 10_000);
        // Seller and buyer 100 m apart, both 5 km from the EDC.
        ProsumerInput[] prosumers = [new(5_000, 0, 10_000, 0), new(5_000, 100, 0, 4_000)];
        var flow = LossOptimizer.Optimize(prosumers, [0, 1], grid);

        Assert.Equal([new EnergyTrade(0, EnergyTrade.Edc, 6_000, 300), new EnergyTrade(0, 1, 4_000, 4)], flow.Trades);
        // 4 kWh over 100 m at 1 %/km = 4 Wh, split 5,000 : 5,000 -> 2 + 2; the seller also pays 6 kWh x 5 km x 1 % = 300.
        Assert.Equal([302L, 2L], flow.LossWh);
        Assert.Equal(500, LossModel.AloneLossWh(prosumers[0], grid));
        Assert.Equal(200, LossModel.AloneLossWh(prosumers[1], grid));
    }

    [Fact]
    public void Min_cost_flow_matches_exhaustive_enumeration_on_small_instances()
    {
        var grid = new GridParameters(0, 0, 5_000);
        for (ulong seed = 1; seed <= 150; seed++)
        {
            var rng = new MarketTestData.SplitMix(seed);
            var sellers = 1 + (int)(rng.Next() % 3);
            var buyers = 1 + (int)(rng.Next() % 3);
            var prosumers = new List<ProsumerInput>();
            for (var k = 0; k < sellers + buyers; k++)
            {
                var energy = rng.Range(1, 4);
                prosumers.Add(new ProsumerInput(rng.Range(-10_000, 10_000), rng.Range(-10_000, 10_000), k < sellers ? energy : 0, k < sellers ? 0 : energy));
            }

            var members = Enumerable.Range(0, prosumers.Count).ToArray();
            var flow = LossOptimizer.Optimize(prosumers, members, grid);
            Assert.Equal(BruteForceCost(prosumers, sellers, grid), flow.CostWhMetres);
        }
    }

    [Fact]
    public void Flows_conserve_energy_never_cost_a_member_more_than_acting_alone_and_losses_add_up()
    {
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var prosumers = MarketTestData.Random(seed, 2 + (int)(seed % 14));
            var members = Enumerable.Range(0, prosumers.Length).ToArray();
            var flow = LossOptimizer.Optimize(prosumers, members, MarketTestData.Grid);

            for (var i = 0; i < prosumers.Length; i++)
            {
                var balance = prosumers[i].BalanceWh;
                var sold = flow.Trades.Where(t => t.From == i).Sum(t => t.EnergyWh);
                var bought = flow.Trades.Where(t => t.To == i).Sum(t => t.EnergyWh);
                Assert.Equal(Math.Max(balance, 0), sold);
                Assert.Equal(Math.Max(-balance, 0), bought);
                Assert.True(flow.LossWh[i] <= LossModel.AloneLossWh(prosumers[i], MarketTestData.Grid), $"seed {seed} member {i}");
            }

            Assert.Equal(flow.LossWh.Sum(), flow.Trades.Sum(t => t.LossWh));
            Assert.All(flow.Trades, t => Assert.True(t.EnergyWh > 0 && t.LossWh >= 0));
        }
    }

    [Fact]
    public void Optimize_rejects_bad_member_lists()
    {
        var prosumers = MarketTestData.Random(1, 4);
        Assert.Throws<ArgumentException>(() => LossOptimizer.Optimize(prosumers, [0, 0], MarketTestData.Grid));
        Assert.Throws<ArgumentException>(() => LossOptimizer.Optimize(prosumers, [4], MarketTestData.Grid));
    }

    /// <summary>Smallest sum of energy x distance over every integer seller -> buyer flow (the rest via the EDC).</summary>
    private static Int128 BruteForceCost(List<ProsumerInput> prosumers, int sellers, GridParameters grid)
    {
        var buyers = prosumers.Count - sellers;
        var supply = prosumers.Take(sellers).Select(p => p.BalanceWh).ToArray();
        var demand = prosumers.Skip(sellers).Select(p => -p.BalanceWh).ToArray();
        long Dist(int a, int b) => LossModel.Distance(prosumers[a].XMetres, prosumers[a].YMetres, prosumers[b].XMetres, prosumers[b].YMetres);
        long Edc(int a) => LossModel.Distance(prosumers[a].XMetres, prosumers[a].YMetres, grid.EdcXMetres, grid.EdcYMetres);

        var x = new long[sellers * buyers];
        Int128 best = Int128.MaxValue;
        Recurse(0);
        return best;

        void Recurse(int cell)
        {
            if (cell == x.Length)
            {
                Int128 cost = 0;
                for (var i = 0; i < sellers; i++)
                {
                    var sent = 0L;
                    for (var j = 0; j < buyers; j++)
                    {
                        sent += x[(i * buyers) + j];
                        cost += (Int128)x[(i * buyers) + j] * Dist(i, sellers + j);
                    }

                    if (sent > supply[i])
                    {
                        return;
                    }

                    cost += (Int128)(supply[i] - sent) * Edc(i);
                }

                for (var j = 0; j < buyers; j++)
                {
                    var got = 0L;
                    for (var i = 0; i < sellers; i++)
                    {
                        got += x[(i * buyers) + j];
                    }

                    if (got > demand[j])
                    {
                        return;
                    }

                    cost += (Int128)(demand[j] - got) * Edc(sellers + j);
                }

                best = Int128.Min(best, cost);
                return;
            }

            var limit = Math.Min(supply[cell / buyers], demand[cell % buyers]);
            for (var v = 0L; v <= limit; v++)
            {
                x[cell] = v;
                Recurse(cell + 1);
            }
        }
    }
}
