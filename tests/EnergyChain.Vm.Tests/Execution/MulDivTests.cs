using System.Numerics;
using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Tests.Support;

namespace EnergyChain.Vm.Tests.Execution;

public sealed class MulDivTests
{
    private const long Max = long.MaxValue;
    private const long Min = long.MinValue;

    [Theory]
    [InlineData(Max, Max, Max, Max)]
    [InlineData(Min, Min, Min, Min)]
    [InlineData(Min, -1, -1, Min)]
    [InlineData(Max, 2, 2, Max)]
    [InlineData(Min, 1, 1, Min)]
    [InlineData(-1, 1, 2, -1)]
    [InlineData(1, -1, 2, -1)]
    [InlineData(-1, -1, 2, 0)]
    [InlineData(7, 3, -2, -11)]
    [InlineData(-7, -3, -2, -11)]
    [InlineData(0, Max, 1, 0)]
    [InlineData(1_000_000_007, 333_333, 1_000_000, 333_333_002)]
    public void Floors_exactly(long a, long b, long c, long expected)
    {
        Assert.Equal(VmFault.None, VmEngine.MulDiv(a, b, c, out var q));
        Assert.Equal(expected, q);
    }

    [Theory]
    [InlineData(Min, -1, 1)]
    [InlineData(Max, Max, 1)]
    [InlineData(Max, 2, 1)]
    [InlineData(Min, Min, -1)]
    public void Faults_when_the_result_does_not_fit(long a, long b, long c) =>
        Assert.Equal(VmFault.Overflow, VmEngine.MulDiv(a, b, c, out _));

    [Fact]
    public void Division_by_zero_faults_even_when_the_product_is_zero()
    {
        Assert.Equal(VmFault.DivisionByZero, VmEngine.MulDiv(0, 0, 0, out _));
        var result = VmHarness.Run("func main 0 0 3 1\n push 0\n push 5\n push 0\n muldiv\n ret");
        Assert.Equal(VmFault.DivisionByZero, result.Fault);
    }

    [Fact]
    public void Matches_a_big_integer_floor_on_random_operands()
    {
        var random = new Random(6);
        for (var i = 0; i < 20_000; i++)
        {
            var a = Next(random);
            var b = Next(random);
            var c = Next(random);
            if (c == 0)
            {
                continue;
            }

            var p = (BigInteger)a * b;
            var q = BigInteger.DivRem(p, c, out var rem);
            if (!rem.IsZero && (rem.Sign < 0) != (c < 0))
            {
                q -= 1;
            }

            var fits = q >= Min && q <= Max;
            var fault = VmEngine.MulDiv(a, b, c, out var got);
            Assert.Equal(fits ? VmFault.None : VmFault.Overflow, fault);
            if (fits)
            {
                Assert.Equal((long)q, got);
            }
        }
    }

    private static long Next(Random random) => random.Next(4) switch
    {
        0 => random.NextInt64(-10, 10),
        1 => random.NextInt64(-1_000_000, 1_000_000),
        2 => random.NextInt64(Min, Max),
        _ => random.Next(2) == 0 ? Max - random.Next(3) : Min + random.Next(3),
    };
}
