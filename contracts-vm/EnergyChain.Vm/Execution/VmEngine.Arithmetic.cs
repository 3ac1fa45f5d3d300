using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Execution;

/// <summary>The rarer integer ops, out of the hot loop: they all have fault cases worth a call.</summary>
public sealed partial class VmEngine
{
    private static VmFault Arithmetic(OpCode op, long[] ints, byte[]?[] refs, ref int sp)
    {
        if (op == OpCode.Neg)
        {
            if (refs[sp - 1] is not null)
            {
                return VmFault.TypeMismatch;
            }

            if (ints[sp - 1] == long.MinValue)
            {
                return VmFault.Overflow;
            }

            ints[sp - 1] = -ints[sp - 1];
            return VmFault.None;
        }

        if (op == OpCode.MulDiv)
        {
            if (refs[sp - 1] is not null || refs[sp - 2] is not null || refs[sp - 3] is not null)
            {
                return VmFault.TypeMismatch;
            }

            var fault = MulDiv(ints[sp - 3], ints[sp - 2], ints[sp - 1], out var q);
            if (fault != VmFault.None)
            {
                return fault;
            }

            ints[sp - 3] = q;
            sp -= 2;
            return VmFault.None;
        }

        if (refs[sp - 1] is not null || refs[sp - 2] is not null)
        {
            return VmFault.TypeMismatch;
        }

        var a = ints[sp - 2];
        var b = ints[sp - 1];
        long r;
        switch (op)
        {
            case OpCode.Div:
                if (b == 0)
                {
                    return VmFault.DivisionByZero;
                }

                if (a == long.MinValue && b == -1)
                {
                    return VmFault.Overflow;
                }

                r = a / b;
                break;
            case OpCode.Mod:
                if (b == 0)
                {
                    return VmFault.DivisionByZero;
                }

                // long.MinValue % -1 throws in .NET although the answer is 0.
                r = b == -1 ? 0 : a % b;
                break;
            case OpCode.Shl:
            case OpCode.Shr:
                if ((ulong)b > 63)
                {
                    return VmFault.InvalidShift;
                }

                r = op == OpCode.Shl ? a << (int)b : a >> (int)b;
                break;
            default:
                throw new InvalidOperationException($"{op} is not an arithmetic op");
        }

        ints[sp - 2] = r;
        sp--;
        return VmFault.None;
    }

    /// <summary>
    /// floor(a * b / c) with a 128-bit intermediate, so fixed-point ratios (amount x ppm / 1_000_000) cannot
    /// overflow midway. Rounds toward negative infinity, not toward zero, so splitting a negative amount never
    /// hands out more than the whole.
    /// </summary>
    public static VmFault MulDiv(long a, long b, long c, out long result)
    {
        result = 0;
        if (c == 0)
        {
            return VmFault.DivisionByZero;
        }

        var product = (Int128)a * b;
        var q = product / c;
        var rem = product - (q * c);
        if (rem != 0 && (rem < 0) != (c < 0))
        {
            q -= 1;
        }

        if (q > long.MaxValue || q < long.MinValue)
        {
            return VmFault.Overflow;
        }

        result = (long)q;
        return VmFault.None;
    }
}
