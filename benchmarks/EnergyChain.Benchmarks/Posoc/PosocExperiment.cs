using System.Diagnostics;
using System.Globalization;
using System.Text;
using EnergyChain.EvLearning;

namespace EnergyChain.Benchmarks.Posoc;

/// <summary>
/// The chapter 4 experiment: federated PPO for N EVs (5 and 10) against baseline 1 (one EV learning alone on its
/// own data), baseline 2 (federated, no price factor delta in state and reward) and the perfect-foresight DP
/// optimum, and against an EV without V2V (grid only), on held-out episodes; prints the PoSOC proof-score evolution
/// and the mLAG drawn each round (report-only float mirror), writes a Markdown report and an SVG learning curve.
/// <c>--market matched</c> (default) trades on <see cref="SimulatedV2vMarket"/>; <c>--market fixed</c> is the thesis's
/// always-filled market and reproduces the results from before the matched market.
/// <code>dotnet run -c Release --project benchmarks/EnergyChain.Benchmarks -- posoc-experiment [--evs 5,10] [--rounds R] [--episodes E] [--seed S] [--eta ETA] [--market matched|fixed] [--long] [--out docs/posoc-experiment.md] [--svg docs/img/posoc-learning.svg]</code>
/// </summary>
public static class PosocExperiment
{
    private const int ShortRounds = 1000;
    private const int LongRounds = 5000;

    public static int Run(string[] args)
    {
        var longMode = args.Contains("--long");
        var evs = Option(args, "--evs", "5,10").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var rounds = int.Parse(Option(args, "--rounds", (longMode ? LongRounds : ShortRounds).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var episodes = int.Parse(Option(args, "--episodes", "16"), CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Option(args, "--seed", "1"), CultureInfo.InvariantCulture);
        var eta = double.Parse(Option(args, "--eta", "20"), CultureInfo.InvariantCulture);
        var outPath = Option(args, "--out", "docs/posoc-experiment.md");
        var svgPath = Option(args, "--svg", "docs/img/posoc-learning.svg");
        var market = Option(args, "--market", "matched");
        var config = EvConfig.Default with
        {
            Eta = eta,
            Market = market switch
            {
                "matched" => new SimulatedV2vMarket(Xoshiro256StarStar.DeriveSeed(seed, 0x3A4E7)),
                "fixed" => FixedPriceV2vMarket.Instance,
                _ => throw new ArgumentException("--market must be matched or fixed"),
            },
        };
        var options = PpoOptions.Default;

        var commandLine = "posoc-experiment " + string.Join(' ', args);
        Console.WriteLine(F($"PoSOC FRL experiment: EVs {string.Join(',', evs)}, rounds {rounds}, local episodes/round {episodes}, seed {seed}, eta {eta}, market {config.Market.Name}, model {new ModelShape(EvEnvironment.FeatureCount, options.Hidden, config.ActionLevelsKwh.Count).Id}"));
        var total = Stopwatch.StartNew();
        var scenarios = new List<Scenario>();
        foreach (var n in evs)
        {
            scenarios.Add(RunScenario(config, options, n, rounds, episodes, seed));
        }

        var md = RenderMarkdown(config, options, scenarios, rounds, episodes, seed, commandLine, svgPath, outPath, total.Elapsed);
        WriteFile(outPath, md);
        WriteFile(svgPath, SvgPlot.Render(scenarios.Select(s => s.Panel).ToList()));
        Console.WriteLine(F($"wrote {outPath} and {svgPath} ({total.Elapsed.TotalSeconds:F1} s)"));
        return 0;
    }

    private static Scenario RunScenario(EvConfig config, PpoOptions options, int n, int rounds, int episodes, ulong seed)
    {
        var runSeed = Xoshiro256StarStar.DeriveSeed(seed, (ulong)n);
        var gridConfig = config with { Market = GridOnlyV2vMarket.Instance };
        var validation = EvEpisode.GenerateSet(Xoshiro256StarStar.DeriveSeed(seed, 0x5A11DA7E), 50, config);
        var testAll = EvEpisode.GenerateSet(Xoshiro256StarStar.DeriveSeed(seed, 0x7E57A11), 200, config);
        var testPerEv = Enumerable.Range(0, n).Select(i => EvEpisode.GenerateSet(Xoshiro256StarStar.DeriveSeed(seed, 0x7E570000UL + (ulong)i), 10, config)).ToArray();

        // Same runSeed: baseline 1 (N = 1) trains on exactly EV 0's data stream, baseline 2 on the federation's data.
        var fed = new FederatedTraining(config, options, n, runSeed);
        var b1 = new FederatedTraining(config, options, 1, runSeed);
        var b2 = new FederatedTraining(config, options with { UsePriceFactor = false }, n, runSeed);
        var scorer = new PpoLearner(config, options, 0);

        var validationOpt = validation.Average(e => DynamicProgrammingOptimum.Solve(config, e).Return);
        var curveFed = new List<(double, double)>();
        var curveB1 = new List<(double, double)>();
        var curveB2 = new List<(double, double)>();
        var checkpoints = new List<ScoreCheckpoint>();
        var mlagCounts = new int[n];
        var curveEvery = Math.Max(1, rounds / 50);
        var printEvery = Math.Max(1, rounds / 10);
        var sw = Stopwatch.StartNew();
        Console.WriteLine(F($"[{n} EVs] training {rounds} rounds x {n} EVs x {episodes} episodes (federated), plus baselines"));
        for (var r = 1; r <= rounds; r++)
        {
            var round = fed.RunRound(episodes);
            b1.RunRound(episodes);
            b2.RunRound(episodes);

            // PoSOC day score of each EV with its local model on that round's day, then the mLAG draw (report only).
            var scores = new double[n];
            for (var i = 0; i < n; i++)
            {
                scorer.SetParameters(round.LocalModels[i]);
                var day = EvEpisode.Generate(Xoshiro256StarStar.DeriveSeed(Xoshiro256StarStar.DeriveSeed(seed, 0xDA70000UL + (ulong)n), ((ulong)r * 1000) + (ulong)i), config);
                var steps = scorer.Play(day);
                scores[i] = PosocReportScore.DayScore(config, EvEnvironment.DayReports(config, day, steps));
            }

            var mlag = PosocReportScore.DrawMlag(scores, Xoshiro256StarStar.DeriveSeed(seed, 0x31A60000UL + ((ulong)n << 20) + (ulong)r));
            mlagCounts[mlag]++;
            if (r % printEvery == 0 || r == 1)
            {
                checkpoints.Add(new ScoreCheckpoint(r, scores, mlag));
            }

            if (r % curveEvery == 0)
            {
                AddCurve(r);
            }

            if (r % printEvery == 0)
            {
                Console.WriteLine(F($"[{n} EVs] round {r}/{rounds}: validation return fed {curveFed[^1].Item2:F2}, b1 {curveB1[^1].Item2:F2}, b2 {curveB2[^1].Item2:F2}, DP optimum {validationOpt:F2}; mLAG EV{mlag + 1}; {sw.Elapsed.TotalSeconds:F1} s"));
            }
        }

        var trainSeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine(F($"[{n} EVs] evaluating on held-out episodes"));
        var rows = new List<EvRow>();
        for (var i = 0; i < n; i++)
        {
            var set = testPerEv[i];
            var best = set.Select(e => DynamicProgrammingOptimum.Solve(config, e)).ToList();
            rows.Add(new EvRow(
                i + 1,
                fed.EvaluateGlobal(set),
                b1.EvaluateGlobal(set),
                b2.EvaluateGlobal(set),
                best.Average(o => o.Return),
                best.Average(o => o.Profit),
                set.Average(e => DynamicProgrammingOptimum.Solve(gridConfig, e).Profit)));
        }

        var overall = new List<PolicyRow>
        {
            Summarize("DP optimum (perfect foresight)", testAll, e => { var o = DynamicProgrammingOptimum.Solve(config, e); return (o.Return, o.Profit, o.Steps[^1].SocAfter); }),
            Summarize(config.Market is FixedPriceV2vMarket ? "Expected-value DP (best non-clairvoyant, reference)" : "Expected-value DP (plans as if every order filled)", testAll, e => Play(config, e, new ExpectedValuePolicy(config, e.DepartureHour).Act)),
            Summarize("(a) federated PPO, with delta", testAll, e => Play(config, e, fed.Learners[0].SelectGreedy)),
            Summarize("(b) baseline 1: single EV PPO", testAll, e => Play(config, e, b1.Learners[0].SelectGreedy)),
            Summarize("(c) baseline 2: federated PPO, no delta", testAll, e => Play(config, e, b2.Learners[0].SelectGreedy)),
            Summarize("random policy", testAll, e => Play(config, e, Policies.Random(e.Seed))),
            Summarize("idle (never trade)", testAll, e => Play(config, e, env => config.ActionLevelsKwh.ToList().IndexOf(0.0))),
            Summarize("grid only: best schedule without V2V (perfect foresight)", testAll, e => { var o = DynamicProgrammingOptimum.Solve(gridConfig, e); return (o.Return, o.Profit, o.Steps[^1].SocAfter); }),
        };
        var trades = TradeStats.Of(testAll.Select(e => EvEnvironment.Rollout(config, e, fed.Learners[0].SelectGreedy)));

        var optimum = overall[0].MeanReturn;
        foreach (var row in overall)
        {
            Console.WriteLine(F($"[{n} EVs] {row.Name,-52} return {row.MeanReturn,8:F3}  profit {row.MeanProfit,8:F3}  {100 * row.MeanReturn / optimum,6:F1} % of optimum"));
        }

        var validationEv = validation.Average(e => Play(config, e, new ExpectedValuePolicy(config, e.DepartureHour).Act).Return);
        var panel = new PlotPanel(
            F($"{n} EVs: greedy return on 50 validation episodes"),
            "federated round (each EV: 16 local episodes)",
            "mean episode return (profit - range anxiety)",
            [
                new PlotSeries("(a) federated, with delta", "#1f77b4", curveFed),
                new PlotSeries("(b) baseline 1: single EV", "#ff7f0e", curveB1),
                new PlotSeries("(c) baseline 2: no delta", "#2ca02c", curveB2),
                new PlotSeries("DP optimum (perfect foresight)", "#d62728", [(0, validationOpt), (rounds, validationOpt)], Dashed: true),
                new PlotSeries("expected-value DP (non-clairvoyant)", "#9467bd", [(0, validationEv), (rounds, validationEv)], Dashed: true),
            ]);
        return new Scenario(n, rows, overall, checkpoints, mlagCounts, panel, trainSeconds, fed.Learners[0].TotalSamples * n, b1.Learners[0].TotalSamples, trades);

        void AddCurve(int r)
        {
            curveFed.Add((r, fed.EvaluateGlobal(validation).MeanReturn));
            curveB1.Add((r, b1.EvaluateGlobal(validation).MeanReturn));
            curveB2.Add((r, b2.EvaluateGlobal(validation).MeanReturn));
        }
    }

    private static (double Return, double Profit, double FinalSoc) Play(EvConfig config, EvEpisode e, Func<EvEnvironment, int> policy)
    {
        var steps = EvEnvironment.Rollout(config, e, policy);
        return (steps.Sum(s => s.Return), steps.Sum(s => s.Profit), steps[^1].SocAfter);
    }

    private static PolicyRow Summarize(string name, IReadOnlyList<EvEpisode> set, Func<EvEpisode, (double Return, double Profit, double FinalSoc)> run)
    {
        var results = set.Select(run).ToList();
        return new PolicyRow(name, results.Average(x => x.Return), results.Average(x => x.Profit), results.Average(x => x.FinalSoc), [.. results.Select(x => x.Return)]);
    }

    private static string RenderMarkdown(EvConfig config, PpoOptions options, List<Scenario> scenarios, int rounds, int episodes, ulong seed, string commandLine, string svgPath, string outPath, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# PoSOC federated-learning experiment (generated)");
        sb.AppendLine();
        sb.AppendLine(F($"Generated by `dotnet run -c Release --project benchmarks/EnergyChain.Benchmarks -- {commandLine.Trim()}` in {elapsed.TotalSeconds:F0} s on {Environment.ProcessorCount} cores (.NET {Environment.Version}). See docs/posoc-learning.md for the set-up and discussion."));
        sb.AppendLine();
        sb.AppendLine(F($"Market: {config.Market.Name}. Rounds {rounds}, local episodes per EV per round {episodes}, seed {seed}, eta {config.Eta}, actions {string.Join(", ", config.ActionLevelsKwh.Select(a => a.ToString("0.#", CultureInfo.InvariantCulture)))} kWh/h, PPO lr {options.LearningRate}, epochs {options.Epochs}, minibatch {options.MinibatchSize}, episodes/update {options.EpisodesPerUpdate}, clip {options.ClipEpsilon}, entropy {options.EntropyCoefficient}, GAE lambda {options.GaeLambda}, gamma {options.Gamma}."));
        sb.AppendLine();
        sb.AppendLine("Return = profit (V2V sale revenue - V2V and grid charge cost) - range-anxiety penalty eta (SOC_dep - 0.8)^2; \"% of optimum\" = mean return / mean return of the perfect-foresight DP optimum on the same episodes (on the matched market the optimum also knows the day's order book). Grid only = the best schedule when every kWh charged costs the grid time-of-use price and nothing can be sold.");
        sb.AppendLine();
        var relSvg = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(outPath)) ?? ".", Path.GetFullPath(svgPath)).Replace('\\', '/');
        sb.AppendLine(F($"![learning curves]({relSvg})"));
        sb.AppendLine();
        foreach (var s in scenarios)
        {
            var opt = s.Overall[0].MeanReturn;
            sb.AppendLine(F($"## {s.N} EVs"));
            sb.AppendLine();
            sb.AppendLine(F($"Training: {s.TrainSeconds:F1} s for federation + both baselines; federated samples {s.FederatedSamples:N0} (all EVs), baseline 1 samples {s.SingleSamples:N0}."));
            sb.AppendLine();
            sb.AppendLine("### 200 held-out episodes");
            sb.AppendLine();
            sb.AppendLine("| policy | mean return | mean profit | mean SOC at departure | % of optimum (return) |");
            sb.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var row in s.Overall)
            {
                sb.AppendLine(F($"| {row.Name} | {row.MeanReturn:F3} | {row.MeanProfit:F3} | {row.FinalSoc:F3} | {100 * row.MeanReturn / opt:F1} % |"));
            }

            var fedRow = s.Overall[2];
            sb.AppendLine();
            sb.AppendLine(F($"Federated vs baseline 1: {Pct(fedRow.MeanReturn, s.Overall[3].MeanReturn)} return, {Pct(fedRow.MeanProfit, s.Overall[3].MeanProfit)} profit; vs baseline 2: {Pct(fedRow.MeanReturn, s.Overall[4].MeanReturn)} return, {Pct(fedRow.MeanProfit, s.Overall[4].MeanProfit)} profit (thesis, EV3: +10 % and +5 % profit)."));
            sb.AppendLine();
            var (diff, half) = PairedDifference(fedRow.Returns, s.Overall[4].Returns);
            sb.AppendLine(F($"(a) - (c) per held-out episode: {diff:+0.000;-0.000} return, 95 % interval +-{half:0.000} ({100 * diff / Math.Abs(s.Overall[4].MeanReturn):+0.0;-0.0} % +- {100 * half / Math.Abs(s.Overall[4].MeanReturn):0.0} %). This interval covers the test episodes only, not the training seed; docs/posoc-learning.md has the spread over seeds."));
            sb.AppendLine();
            var t = s.Trades;
            sb.AppendLine(F($"(a)'s trades per held-out day: offered {t.OfferedKwh:F2} kWh, sold {t.SoldKwh:F2} kWh ({Share(t.SoldKwh, t.OfferedKwh)} matched); bid {t.BidKwh:F2} kWh, bought {t.BoughtKwh:F2} kWh from EVs ({Share(t.BoughtKwh, t.BidKwh)}) and {t.GridKwh:F2} kWh from the grid; mean V2V sale price {t.SalePrice:F3}, purchase price {t.PurchasePrice:F3} per kWh."));
            sb.AppendLine();
            sb.AppendLine("### Per EV: profit (10 held-out episodes each; thesis Fig. 4.12 uses the average of 10 episodes per EV)");
            sb.AppendLine();
            sb.AppendLine("| EV | (a) federated profit | (b) baseline 1 profit | (c) baseline 2 profit | grid only profit | DP optimum profit | (a) return | (a) % of optimum (return) | (a) vs (b) profit | (a) vs (c) profit | (a) vs (c) return |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in s.Rows)
            {
                sb.AppendLine(F($"| EV{r.Ev} | {r.Federated.MeanProfit:F3} | {r.Baseline1.MeanProfit:F3} | {r.Baseline2.MeanProfit:F3} | {r.GridOnlyProfit:F3} | {r.OptimumProfit:F3} | {r.Federated.MeanReturn:F3} | {100 * r.Federated.MeanReturn / r.OptimumReturn:F1} % | {Pct(r.Federated.MeanProfit, r.Baseline1.MeanProfit)} | {Pct(r.Federated.MeanProfit, r.Baseline2.MeanProfit)} | {Pct(r.Federated.MeanReturn, r.Baseline2.MeanReturn)} |"));
            }

            sb.AppendLine();
            sb.AppendLine("### Side by side with thesis Fig. 4.12 (profit, 10 episodes per EV)");
            sb.AppendLine();
            var ev3 = s.Rows.Count >= 3 ? s.Rows[2] : s.Rows[^1];
            var vsB1 = s.Rows.Select(r => 100 * (r.Federated.MeanProfit - r.Baseline1.MeanProfit) / Math.Abs(r.Baseline1.MeanProfit)).ToList();
            var vsB2 = s.Rows.Select(r => 100 * (r.Federated.MeanProfit - r.Baseline2.MeanProfit) / Math.Abs(r.Baseline2.MeanProfit)).ToList();
            sb.AppendLine(F($"| comparison | thesis, EV3 | here, EV{ev3.Ev} | here, mean over the {s.N} EVs (min .. max) |"));
            sb.AppendLine("|---|---:|---:|---:|");
            sb.AppendLine(F($"| (a) federated with delta vs (b) baseline 1 | +10 % | {Pct(ev3.Federated.MeanProfit, ev3.Baseline1.MeanProfit)} | {vsB1.Average():+0.0;-0.0} % ({vsB1.Min():+0.0;-0.0} .. {vsB1.Max():+0.0;-0.0} %) |"));
            sb.AppendLine(F($"| (a) federated with delta vs (c) baseline 2 | +5 % | {Pct(ev3.Federated.MeanProfit, ev3.Baseline2.MeanProfit)} | {vsB2.Average():+0.0;-0.0} % ({vsB2.Min():+0.0;-0.0} .. {vsB2.Max():+0.0;-0.0} %) |"));
            sb.AppendLine(F($"| (a) federated with delta vs grid only | n/a | {ev3.Federated.MeanProfit - ev3.GridOnlyProfit:+0.000;-0.000} (absolute) | {s.Rows.Average(r => r.Federated.MeanProfit - r.GridOnlyProfit):+0.000;-0.000} (absolute) |"));
            sb.AppendLine(F($"| (a) federated with delta, % of DP optimum profit | n/a | {100 * ev3.Federated.MeanProfit / ev3.OptimumProfit:F1} % | {s.Rows.Average(r => 100 * r.Federated.MeanProfit / r.OptimumProfit):F1} % |"));

            sb.AppendLine();
            sb.AppendLine("### PoSOC proof score per round (report-only float mirror of eq. 4.1-4.4/4.17) and mLAG (eq. 4.18)");
            sb.AppendLine();
            sb.AppendLine("Each round every EV plays one new day with its locally trained model; PS^H = sum_h delta_h (D_h - C_h) [kWh] + (SOC^max - SOC) at departure. The mLAG is a seeded weighted random draw over max(PS^H, 0).");
            sb.AppendLine();
            sb.Append("| round |");
            for (var i = 1; i <= s.N; i++)
            {
                sb.Append(F($" EV{i} |"));
            }

            sb.AppendLine(" mLAG |");
            sb.Append("|---:|");
            for (var i = 0; i <= s.N; i++)
            {
                sb.Append("---:|");
            }

            sb.AppendLine();
            foreach (var c in s.Checkpoints)
            {
                sb.Append(F($"| {c.Round} |"));
                foreach (var score in c.Scores)
                {
                    sb.Append(F($" {score:F2} |"));
                }

                sb.AppendLine(F($" EV{c.Mlag + 1} |"));
            }

            sb.AppendLine();
            sb.AppendLine("mLAG elections over all rounds: " + string.Join(", ", s.MlagCounts.Select((c, i) => F($"EV{i + 1} {c}"))) + ".");
            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static string Share(double part, double whole) => whole <= 0 ? "n/a" : F($"{100 * part / whole:F0} %");

    /// <summary>Mean of the paired differences and the half-width of its normal 95 % interval.</summary>
    private static (double Mean, double HalfWidth) PairedDifference(double[] a, double[] b)
    {
        var d = a.Zip(b, (x, y) => x - y).ToArray();
        var mean = d.Average();
        var variance = d.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, d.Length - 1);
        return (mean, 1.96 * Math.Sqrt(variance / d.Length));
    }

    private static string Pct(double value, double reference) =>
        reference == 0 ? "n/a" : F($"{100 * (value - reference) / Math.Abs(reference):+0.0;-0.0} %");

    private static void WriteFile(string path, string text)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, text);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record ScoreCheckpoint(int Round, IReadOnlyList<double> Scores, int Mlag);

    private sealed record EvRow(int Ev, EvaluationResult Federated, EvaluationResult Baseline1, EvaluationResult Baseline2, double OptimumReturn, double OptimumProfit, double GridOnlyProfit);

    private sealed record PolicyRow(string Name, double MeanReturn, double MeanProfit, double FinalSoc, double[] Returns);

    private sealed record Scenario(int N, IReadOnlyList<EvRow> Rows, IReadOnlyList<PolicyRow> Overall, IReadOnlyList<ScoreCheckpoint> Checkpoints, int[] MlagCounts, PlotPanel Panel, double TrainSeconds, long FederatedSamples, long SingleSamples, TradeStats Trades);
}
