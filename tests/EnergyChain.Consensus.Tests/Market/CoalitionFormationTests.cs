using EnergyChain.Consensus.Market;
using EnergyChain.Harness;

namespace EnergyChain.Consensus.Tests.Market;

public sealed class CoalitionFormationTests
{
    /// <summary>The 10-prosumer layout shaped after thesis Table 3.2 (<see cref="TenProsumerLayout"/>), P0..P9 in order.</summary>
    internal static readonly ProsumerInput[] TenProsumers =
        [.. TenProsumerLayout.Households.Select(h => new ProsumerInput(h.XMetres, h.YMetres, h.ProductionWh, h.ConsumptionWh))];

    [Fact]
    public void Ten_prosumer_illustration_scores_never_decrease_and_the_final_partition_is_stable()
    {
        var trace = new FormationTrace();
        var outcome = CoalitionFormation.Form(TenProsumers, MarketTestData.Grid, new FormationOptions { Trace = trace });

        Assert.True(outcome.Converged);
        Assert.Equal("singletons", trace.Steps[0].Phase);
        Assert.Equal("pairs", trace.Steps[1].Phase);
        for (var s = 1; s < trace.Steps.Count; s++)
        {
            for (var i = 0; i < TenProsumers.Length; i++)
            {
                Assert.True(trace.Steps[s].Scores[i] >= trace.Steps[s - 1].Scores[i], $"P{i} lost score at step {s}");
            }
        }

        Assert.Equal(trace.Steps[^1].Scores, outcome.Members.Select(m => m.Score));
        Assert.Empty(MarketTestData.IndividualStabilityViolations(TenProsumers, outcome, MarketTestData.Grid));
        AssertConsistent(TenProsumers, outcome, MarketTestData.Grid);
        Assert.True(outcome.TotalSavingsWh > 0);
        Assert.True(outcome.Coalitions.Count < TenProsumers.Length);
    }

    [Fact]
    public void Random_instances_up_to_ten_prosumers_are_individually_stable_and_rational()
    {
        var unstable = new List<string>();
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var n = 2 + (int)(seed % 9);
            var prosumers = MarketTestData.Random(seed, n);
            var outcome = CoalitionFormation.Form(prosumers, MarketTestData.Grid);
            Assert.True(outcome.Converged);
            AssertConsistent(prosumers, outcome, MarketTestData.Grid);
            unstable.AddRange(MarketTestData.IndividualStabilityViolations(prosumers, outcome, MarketTestData.Grid).Select(v => $"seed {seed}: {v}"));
        }

        Assert.Empty(unstable);
    }

    [Fact]
    public void Under_the_pareto_switch_rule_no_score_ever_decreases_and_the_search_converges()
    {
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var prosumers = MarketTestData.Random(seed, 2 + (int)(seed % 19));
            var trace = new FormationTrace();
            var outcome = CoalitionFormation.Form(prosumers, MarketTestData.Grid, new FormationOptions { SwitchRule = SwitchRule.Pareto, Trace = trace });
            Assert.True(outcome.Converged);
            for (var s = 1; s < trace.Steps.Count; s++)
            {
                for (var i = 0; i < prosumers.Length; i++)
                {
                    Assert.True(trace.Steps[s].Scores[i] >= trace.Steps[s - 1].Scores[i], $"seed {seed}: prosumer {i} lost score at step {s}");
                }
            }

            AssertConsistent(prosumers, outcome, MarketTestData.Grid);
        }
    }

    [Fact]
    public void Mining_reward_is_delta_times_total_savings_rounded_down()
    {
        var outcome = CoalitionFormation.Form(TenProsumers, MarketTestData.Grid);
        Assert.Equal(outcome.TotalSavingsWh / 10, outcome.MiningRewardWh(100_000));
        Assert.Equal(outcome.TotalSavingsWh, outcome.MiningRewardWh(1_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => outcome.MiningRewardWh(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => outcome.MiningRewardWh(1_000_001));
    }

    [Fact]
    public void Neutral_prosumers_stay_alone_with_score_zero()
    {
        ProsumerInput[] prosumers = [new(1_000, 0, 5_000, 0), new(1_100, 0, 3_000, 3_000), new(1_200, 0, 0, 4_000)];
        var outcome = CoalitionFormation.Form(prosumers, MarketTestData.Grid);
        var neutral = outcome.Members[1];
        Assert.Equal(0, neutral.Score);
        Assert.Equal(0, neutral.SingletonScore);
        Assert.Equal([1], outcome.Coalitions[neutral.CoalitionIndex].Members);
        Assert.Equal([0, 2], outcome.Coalitions[outcome.Members[0].CoalitionIndex].Members);
    }

    [Fact]
    public void Same_input_gives_byte_identical_outcomes()
    {
        var prosumers = MarketTestData.Random(99, 300);
        var a = CoalitionFormation.Form(prosumers, MarketTestData.Grid).Encode();
        var b = CoalitionFormation.Form(prosumers.ToArray(), MarketTestData.Grid).Encode();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Relabelling_the_prosumers_relabels_the_outcome()
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var prosumers = MarketTestData.Random(seed, 40 + (int)seed);
            var rng = new MarketTestData.SplitMix(seed * 31);
            var perm = Enumerable.Range(0, prosumers.Length).ToArray(); // new position -> old index
            for (var k = perm.Length - 1; k > 0; k--)
            {
                var r = (int)(rng.Next() % (ulong)(k + 1));
                (perm[k], perm[r]) = (perm[r], perm[k]);
            }

            var permuted = perm.Select(old => prosumers[old]).ToArray();
            var a = CoalitionFormation.Form(prosumers, MarketTestData.Grid);
            var b = CoalitionFormation.Form(permuted, MarketTestData.Grid);

            Assert.Equal(a.TotalSavingsWh, b.TotalSavingsWh);
            for (var k = 0; k < perm.Length; k++)
            {
                Assert.Equal(a.Members[perm[k]].Score, b.Members[k].Score);
            }

            var partitionA = a.Coalitions.Select(c => string.Join(",", c.Members.Order())).Order(StringComparer.Ordinal);
            var partitionB = b.Coalitions.Select(c => string.Join(",", c.Members.Select(k => perm[k]).Order())).Order(StringComparer.Ordinal);
            Assert.Equal(partitionA, partitionB);
        }
    }

    [Fact]
    public void The_neighbour_grid_gives_the_same_outcome_as_full_scans()
    {
        var cases = new List<ProsumerInput[]>
        {
            MarketTestData.Random(1, 1),
            MarketTestData.Random(2, 37),
            MarketTestData.Random(3, 400),
            MarketTestData.Random(4, 300, halfSideMetres: 500),
        };

        // Degenerate layouts: everyone on one line, and many prosumers sharing a few positions.
        cases.Add([.. MarketTestData.Random(5, 200).Select(p => p with { YMetres = 7 })]);
        cases.Add([.. MarketTestData.Random(6, 120).Select((p, i) => p with { XMetres = i % 5 * 1_000, YMetres = i % 3 * 1_000 })]);
        foreach (var prosumers in cases)
        {
            var grid = CoalitionFormation.Form(prosumers, MarketTestData.Grid);
            var scan = CoalitionFormation.Form(prosumers, MarketTestData.Grid, new FormationOptions { FullScanNeighbours = true });
            Assert.Equal(scan.Encode(), grid.Encode());
        }
    }

    [Fact]
    public void A_thousand_prosumers_form_and_stay_consistent()
    {
        var prosumers = MarketTestData.Random(2026, 1_000);
        var outcome = CoalitionFormation.Form(prosumers, MarketTestData.Grid);
        Assert.True(outcome.Converged);
        AssertConsistent(prosumers, outcome, MarketTestData.Grid);
        Assert.True(outcome.MergeOperations > 0);
    }

    /// <summary>Individual rationality, eq. 3.5-3.8 bookkeeping, energy conservation and loss conservation.</summary>
    internal static void AssertConsistent(IReadOnlyList<ProsumerInput> prosumers, MarketOutcome outcome, GridParameters grid)
    {
        Assert.Equal(prosumers.Count, outcome.Members.Count);
        long savings = 0;
        for (var i = 0; i < prosumers.Count; i++)
        {
            var m = outcome.Members[i];
            var p = prosumers[i];
            Assert.Equal(LossModel.SingletonScore(p, grid), m.SingletonScore);
            Assert.Equal(LossModel.AloneLossWh(p, grid), m.LossAloneWh);
            Assert.True(m.Score >= m.SingletonScore, $"prosumer {i} is worse off than alone");
            Assert.True(m.LossInCoalitionWh <= m.LossAloneWh);
            Assert.Equal(Math.Max(m.SingletonScore, 0) + m.LossAloneWh - m.LossInCoalitionWh, m.Score);
            Assert.Contains(i, outcome.Coalitions[m.CoalitionIndex].Members);
            Assert.Equal(Math.Max(p.BalanceWh, 0), outcome.Trades.Where(t => t.From == i).Sum(t => t.EnergyWh));
            Assert.Equal(Math.Max(-p.BalanceWh, 0), outcome.Trades.Where(t => t.To == i).Sum(t => t.EnergyWh));
            savings += m.LossAloneWh - m.LossInCoalitionWh;
        }

        Assert.Equal(savings, outcome.TotalSavingsWh);
        Assert.Equal(outcome.Members.Sum(m => m.LossInCoalitionWh), outcome.Trades.Sum(t => t.LossWh));
        foreach (var c in outcome.Coalitions)
        {
            Assert.Equal(c.Members.Sum(i => outcome.Members[i].Score), c.Score);
        }

        foreach (var t in outcome.Trades.Where(t => t.From >= 0 && t.To >= 0))
        {
            Assert.Equal(outcome.Members[t.From].CoalitionIndex, outcome.Members[t.To].CoalitionIndex);
        }
    }
}
