using System.Security.Cryptography;
using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Execution;

/// <summary>
/// Byte-string ops. Byte strings are immutable and shared between slots, so only ops that build a new string
/// allocate, and each pays per 32-byte word and counts against the call's memory limit before allocating.
/// </summary>
public sealed partial class VmEngine
{
    private VmFault Bytes(OpCode op, ref int sp, ref long gas, long gasLimit, ref long memory)
    {
        var ints = _ints;
        var refs = _refs;
        switch (op)
        {
            case OpCode.Len:
                {
                    var s = refs[sp - 1];
                    if (s is null)
                    {
                        return VmFault.TypeMismatch;
                    }

                    ints[sp - 1] = s.Length;
                    refs[sp - 1] = null;
                    return VmFault.None;
                }

            case OpCode.BytesEq:
                {
                    var x = refs[sp - 2];
                    var y = refs[sp - 1];
                    if (x is null || y is null)
                    {
                        return VmFault.TypeMismatch;
                    }

                    if (!Charge(ref gas, gasLimit, GasSchedule.Words(Math.Max(x.Length, y.Length)) * GasSchedule.CopyPerWord))
                    {
                        return OutOfGasSignal;
                    }

                    ints[sp - 2] = x.AsSpan().SequenceEqual(y) ? 1 : 0;
                    refs[sp - 2] = null;
                    sp--;
                    return VmFault.None;
                }

            case OpCode.Cat:
                {
                    var x = refs[sp - 2];
                    var y = refs[sp - 1];
                    if (x is null || y is null)
                    {
                        return VmFault.TypeMismatch;
                    }

                    var len = (long)x.Length + y.Length;
                    var fault = Allocate(len, ref gas, gasLimit, ref memory);
                    if (fault != VmFault.None)
                    {
                        return fault;
                    }

                    var joined = new byte[len];
                    x.CopyTo(joined, 0);
                    y.CopyTo(joined, x.Length);
                    refs[sp - 2] = joined;
                    sp--;
                    return VmFault.None;
                }

            case OpCode.Slice:
                {
                    // bytes start len -> bytes[start .. start+len]
                    var s = refs[sp - 3];
                    if (s is null || refs[sp - 2] is not null || refs[sp - 1] is not null)
                    {
                        return VmFault.TypeMismatch;
                    }

                    var start = ints[sp - 2];
                    var len = ints[sp - 1];
                    if (start < 0 || len < 0 || start > s.Length || len > s.Length - start)
                    {
                        return VmFault.OutOfRange;
                    }

                    var fault = Allocate(len, ref gas, gasLimit, ref memory);
                    if (fault != VmFault.None)
                    {
                        return fault;
                    }

                    refs[sp - 3] = s.AsSpan((int)start, (int)len).ToArray();
                    sp -= 2;
                    return VmFault.None;
                }

            case OpCode.Sha256:
                {
                    var s = refs[sp - 1];
                    if (s is null)
                    {
                        return VmFault.TypeMismatch;
                    }

                    if (!Charge(ref gas, gasLimit, GasSchedule.Words(s.Length) * GasSchedule.HashPerWord))
                    {
                        return OutOfGasSignal;
                    }

                    var fault = Allocate(32, ref gas, gasLimit, ref memory);
                    if (fault != VmFault.None)
                    {
                        return fault;
                    }

                    refs[sp - 1] = SHA256.HashData(s);
                    return VmFault.None;
                }

            default:
                throw new InvalidOperationException($"{op} is not a byte-string op");
        }
    }

    /// <summary>Checks size and memory, then charges the copy gas for a new string of <paramref name="len"/> bytes.</summary>
    private VmFault Allocate(long len, ref long gas, long gasLimit, ref long memory)
    {
        if (len > _limits.MaxByteStringSize)
        {
            return VmFault.ByteStringTooLarge;
        }

        if (!Charge(ref gas, gasLimit, GasSchedule.Words(len) * GasSchedule.CopyPerWord))
        {
            return OutOfGasSignal;
        }

        memory += len;
        return memory > _limits.MaxMemoryBytes ? VmFault.MemoryLimitExceeded : VmFault.None;
    }

    private static bool Charge(ref long gas, long gasLimit, long amount)
    {
        // Compare before adding so a huge host-supplied cost cannot wrap around.
        if (amount > gasLimit - gas)
        {
            return false;
        }

        gas += amount;
        return true;
    }
}
