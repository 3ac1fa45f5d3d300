using BenchmarkDotNet.Attributes;
using EnergyChain.Consensus.Federated;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Benchmarks.Federated;

/// <summary>
/// The mLAG's aggregation, which every validator re-runs: 1,000 EV updates of a 10,000-weight Q16.16 model
/// (40 MB of input) combined by FedAvg (64-bit accumulators, the usual case; and the 128-bit path forced by huge
/// sample counts), the coordinate median, and the trimmed mean with 100 dropped per side; plus the model hash.
/// Target: each aggregation under 1 s on one core. Weights are seeded pseudo-random values in +-8.0.
/// </summary>
[MemoryDiagnoser]
public class FedAvgBenchmarks
{
    private const int Updates = 1_000;
    private const int Parameters = 10_000;

    private List<ModelContribution> _updates = null!;
    private List<ModelContribution> _hugeSampleCounts = null!;

    [GlobalSetup]
    public void Setup()
    {
        var state = 0x5EED_F00DUL;
        _updates = new List<ModelContribution>(Updates);
        for (var k = 0; k < Updates; k++)
        {
            var weights = new int[Parameters];
            for (var j = 0; j < Parameters; j++)
            {
                state = (state * 6364136223846793005UL) + 1442695040888963407UL;
                weights[j] = (int)((state >> 44) % (16 * 65_536)) - (8 * 65_536);
            }

            _updates.Add(new ModelContribution(weights, ((ulong)k % 50) + 1));
        }

        _hugeSampleCounts = _updates.Select((u, k) => u with { SampleCount = (1UL << 40) + (ulong)k }).ToList();
    }

    [Benchmark(Baseline = true)]
    public int[] FedAvg() => FederatedAggregator.FedAvg(_updates);

    [Benchmark]
    public int[] FedAvgWide() => FederatedAggregator.FedAvg(_hugeSampleCounts);

    [Benchmark]
    public int[] Median() => FederatedAggregator.CoordinateMedian(_updates);

    [Benchmark]
    public int[] TrimmedMean100() => FederatedAggregator.TrimmedMean(_updates, 100);

    [Benchmark]
    public Hash256 ModelHashOfResult() => ModelHash.Compute(_updates[0].Weights.Span);
}
