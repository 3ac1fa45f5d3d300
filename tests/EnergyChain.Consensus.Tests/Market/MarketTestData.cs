using EnergyChain.Consensus.Market;

namespace EnergyChain.Consensus.Tests.Market;

/// <summary>Seeded instances and brute-force helpers shared by the market tests.</summary>
internal static class MarketTestData
{
    /// <summary>0.5 % per km: on a 20 km x 20 km area around the EDC alone losses average about 3.8 %.</summary>
    public static readonly GridParameters Grid = new(0, 0, 5_000);

    /// <summary>n prosumers on a square of half-side <paramref name="halfSideMetres"/> around the EDC, energies up to <paramref name="maxWh"/>.</summary>
    public static ProsumerInput[] Random(ulong seed, int n, long halfSideMetres = 10_000, long maxWh = 20_000)
    {
        var rng = new SplitMix(seed);
        var result = new ProsumerInput[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = new ProsumerInput(
                rng.Range(-halfSideMetres, halfSideMetres),
                rng.Range(-halfSideMetres, halfSideMetres),
                rng.Range(0, maxWh),
                rng.Range(0, maxWh));
        }

        return result;
    }

    /// <summary>PS_Si of each member of <paramref name="members"/> (sorted) if they formed that coalition.</summary>
    public static long[] Scores(IReadOnlyList<ProsumerInput> prosumers, int[] members, GridParameters grid)
    {
        var flow = LossOptimizer.Optimize(prosumers, members, grid);
        var scores = new long[members.Length];
        for (var k = 0; k < members.Length; k++)
        {
            var p = prosumers[members[k]];
            scores[k] = Math.Max(LossModel.SingletonScore(p, grid), 0) + LossModel.AloneLossWh(p, grid) - flow.LossWh[k];
        }

        return scores;
    }

    /// <summary>
    /// Every individual deviation that breaks individual stability: member i moves to coalition T (or alone), its score
    /// strictly increases and no member of T loses. Returns a description of each, empty when stable.
    /// </summary>
    public static List<string> IndividualStabilityViolations(IReadOnlyList<ProsumerInput> prosumers, MarketOutcome outcome, GridParameters grid)
    {
        var violations = new List<string>();
        for (var i = 0; i < prosumers.Count; i++)
        {
            var current = outcome.Members[i].Score;
            var own = outcome.Members[i].CoalitionIndex;
            if (outcome.Coalitions[own].Members.Count > 1 && LossModel.SingletonScore(prosumers[i], grid) > current)
            {
                violations.Add($"{i} alone");
            }

            for (var t = 0; t < outcome.Coalitions.Count; t++)
            {
                if (t == own)
                {
                    continue;
                }

                var target = outcome.Coalitions[t].Members.Append(i).Order().ToArray();
                var scores = Scores(prosumers, target, grid);
                var mine = scores[Array.IndexOf(target, i)];
                var nobodyLoses = target.Select((m, k) => m == i || scores[k] >= outcome.Members[m].Score).All(ok => ok);
                if (mine > current && nobodyLoses)
                {
                    violations.Add($"{i} -> coalition {t}: {current} -> {mine}");
                }
            }
        }

        return violations;
    }

    internal sealed class SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public long Range(long lo, long hi) => lo + (long)(Next() % (ulong)(hi - lo + 1));
    }
}
