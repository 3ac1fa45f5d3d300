using EnergyChain.Vm.Verification;

namespace EnergyChain.Vm.Execution;

/// <summary>
/// Runs verified programs. One engine owns its stack and frame arrays, allocated once, so a call allocates only
/// for byte strings and the result; it is therefore not thread-safe: use one engine per thread.
/// Bad programs never make it throw: they end in Fault, Abort or OutOfGas. It throws only when the caller or the
/// host breaks the contract (wrong argument count, a host that pushes too much).
/// </summary>
public sealed partial class VmEngine
{
    private readonly VmLimits _limits;
    private readonly long[] _ints;
    private readonly byte[]?[] _refs;
    private readonly Frame[] _frames;
    private readonly VmStack _syscallStack = new();

    public VmEngine(VmLimits? limits = null)
    {
        _limits = limits ?? VmLimits.Default;
        _ints = new long[_limits.MaxStackDepth];
        _refs = new byte[]?[_limits.MaxStackDepth];
        _frames = new Frame[Math.Max(1, _limits.MaxCallDepth)];
    }

    public VmLimits Limits => _limits;

    /// <summary>Calls <paramref name="function"/> with <paramref name="args"/> and at most <paramref name="gasLimit"/> gas.</summary>
    public VmResult Execute(ContractProgram program, int function, ReadOnlySpan<VmValue> args, long gasLimit, IVmHost? host = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfNegative(gasLimit);
        if ((uint)function >= (uint)program.Functions.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(function), $"no function {function}");
        }

        var fn = program.Functions[function];
        if (args.Length != fn.Params)
        {
            throw new ArgumentException($"function {function} takes {fn.Params} arguments, got {args.Length}", nameof(args));
        }

        // The program may have been verified under looser limits than this engine's.
        if (fn.FrameSize + fn.MaxStack > _ints.Length)
        {
            return new VmResult(VmStatus.Fault, [], 0, VmFault.StackOverflow);
        }

        for (var i = 0; i < fn.FrameSize; i++)
        {
            _ints[i] = i < args.Length ? args[i].Integer : 0;
            _refs[i] = i < args.Length ? args[i].Bytes : null;
        }

        return Run(program, function, gasLimit, host);
    }

    private VmResult Finish(VmStatus status, long gasUsed, VmFault fault, int abortCode, int resultBase, int resultCount)
    {
        if (status != VmStatus.Ok)
        {
            Array.Clear(_refs);
            return new VmResult(status, [], gasUsed, fault, abortCode);
        }

        var values = new VmValue[resultCount];
        for (var i = 0; i < resultCount; i++)
        {
            var r = _refs[resultBase + i];
            values[i] = r is null ? VmValue.FromInt(_ints[resultBase + i]) : VmValue.FromBytes(r);
        }

        // Drop references so a long-lived engine does not keep old byte strings alive.
        Array.Clear(_refs);
        return new VmResult(status, values, gasUsed);
    }

    private struct Frame
    {
        public LoadedFunction Function;
        public int ReturnPc;
        public int BasePointer;
    }
}
