using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// For operations of tens to hundreds of milliseconds that need a fresh setup each time (a store that is
/// one block behind): one invocation per iteration, a few warm-ups, ten measured iterations.
/// </summary>
public sealed class SingleInvocationConfig : ManualConfig
{
    public SingleInvocationConfig()
    {
        AddJob(Job.Default
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(2)
            .WithIterationCount(10)
            .WithId("OnePerIteration"));
    }
}
