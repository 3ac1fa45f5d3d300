using System.Diagnostics;
using System.Globalization;
using EnergyChain.Consensus.Market;

namespace EnergyChain.Benchmarks.Market;

/// <summary>
/// Times <see cref="CoalitionFormation.Form"/> on one thread for synthetic households (normal profile, 20 km x 20 km,
/// EDC centred).
/// <code>dotnet run -c Release --project benchmarks/EnergyChain.Benchmarks -- coalitions --sizes 100,1000,2000,5000,10000 [--seed S] [--reps R]</code>
/// Each size is formed <c>--reps</c> times (default 3, 1 above 2,000 prosumers) after one warm-up; the median is
/// printed together with the bytes allocated on this thread. Then times the Shapley split of one coalition of 8-32 members.
/// </summary>
public static class CoalitionHarness
{
    public static int Run(string[] args)
    {
        var sizes = Option(args, "--sizes", "100,1000,2000,5000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var seed = ulong.Parse(Option(args, "--seed", "1"), CultureInfo.InvariantCulture);
        var repsOption = Option(args, "--reps", "");

        // Warm-up: JIT every path once.
        CoalitionFormation.Form(SyntheticHouseholds.Generate(300, EnergyProfile.Normal, seed + 1000), SyntheticHouseholds.Grid);

        Console.WriteLine($"PoEG coalition formation, one thread, cores: {Environment.ProcessorCount}, seed {seed}, options: {FormationOptions.Default with { Trace = null }}");
        Console.WriteLine("| n | sellers | coalitions | largest | merges | splits | switches | rounds | converged | saving % | ms (median) | allocated MB |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            var prosumers = SyntheticHouseholds.Generate(n, EnergyProfile.Normal, seed);
            var reps = repsOption.Length > 0 ? int.Parse(repsOption, CultureInfo.InvariantCulture) : n <= 2_000 ? 3 : 1;
            var times = new List<double>();
            long allocated = 0;
            MarketOutcome? outcome = null;
            for (var r = 0; r < reps; r++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                outcome = CoalitionFormation.Form(prosumers, SyntheticHouseholds.Grid);
                sw.Stop();
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            var o = outcome!;
            var aloneLoss = o.Members.Sum(m => m.LossAloneWh);
            var saving = aloneLoss == 0 ? 0 : 100.0 * o.TotalSavingsWh / aloneLoss;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {prosumers.Count(p => p.BalanceWh > 0)} | {o.Coalitions.Count} | {o.Coalitions.Max(c => c.Members.Count)} | {o.MergeOperations} | {o.SplitOperations} | {o.SwitchOperations} | {o.Iterations} | {(o.Converged ? "yes" : "no")} | {saving:F1} | {times[times.Count / 2]:F1} | {allocated / 1048576.0:F1} |"));
        }

        // Shapley reward split of one coalition (what validators re-run for the winning coalition): m households in a
        // 2 km x 2 km patch, exact up to 12 members, 2,000 sampled permutations above.
        Console.WriteLine();
        Console.WriteLine("| Shapley members | method | ms |");
        Console.WriteLine("|---:|---|---:|");
        foreach (var m in new[] { 8, 12, 13, 20, 32 })
        {
            var patch = SyntheticHouseholds.Generate(m, EnergyProfile.Normal, seed + (ulong)m)
                .Select(p => p with { XMetres = p.XMetres / 10, YMetres = p.YMetres / 10 }).ToArray();
            var members = Enumerable.Range(0, m).ToArray();
            var sw = Stopwatch.StartNew();
            var shares = ShapleyRewards.Allocate(1_000_000, patch, members, SyntheticHouseholds.Grid, "bench"u8);
            sw.Stop();
            if (shares.Sum() != 1_000_000)
            {
                throw new InvalidOperationException("Shapley shares do not add up");
            }

            var method = m <= ShapleyRewards.ExactMaxMembers ? "exact" : $"{ShapleyRewards.SampledPermutations} permutations";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {m} | {method} | {sw.Elapsed.TotalMilliseconds:F1} |"));
        }

        return 0;
    }

    internal static string Option(string[] args, string name, string fallback)
    {
        var k = Array.IndexOf(args, name);
        return k >= 0 && k + 1 < args.Length ? args[k + 1] : fallback;
    }
}
