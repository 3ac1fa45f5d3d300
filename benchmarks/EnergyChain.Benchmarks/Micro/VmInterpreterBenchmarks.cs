using BenchmarkDotNet.Attributes;
using EnergyChain.Vm;
using EnergyChain.Vm.Assembly;
using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Verification;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// Interpreter throughput on a tight integer loop (load, add, store, compare, branch: 8 instructions per
/// iteration, 10 million iterations). Operations are instructions, so the reported time is ns per
/// instruction and 1e9 / that is instructions per second. Target: at least 50 million/s on one core.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class VmInterpreterBenchmarks
{
    private const long Iterations = 10_000_000;
    private const long Instructions = (Iterations * 8) + 5;

    private const string Loop = """
        func main 0 2 3 1
            push 10000000
            stloc 0
        loop:
            ldloc 1
            push 1
            add
            stloc 1
            ldloc 1
            ldloc 0
            lt
            jnz loop
            ldloc 1
            ret
        """;

    private VmEngine _engine = null!;
    private ContractProgram _program = null!;

    [GlobalSetup]
    public void Setup()
    {
        var limits = VmLimits.Default with { MaxInstructionsPerCall = long.MaxValue };
        if (!ContractProgram.TryLoad(Assembler.AssembleBytes(Loop), limits, out var program, out var error))
        {
            throw new InvalidOperationException(error!.ToString());
        }

        _program = program!;
        _engine = new VmEngine(limits);
        var result = Run();
        if (result != Iterations)
        {
            throw new InvalidOperationException($"the loop returned {result}");
        }
    }

    [Benchmark(OperationsPerInvoke = (int)Instructions)]
    public long ArithmeticLoop() => Run();

    private long Run()
    {
        var result = _engine.Execute(_program, 0, [], long.MaxValue);
        return result.Status == VmStatus.Ok ? result.Stack[0].Integer : -1;
    }
}
