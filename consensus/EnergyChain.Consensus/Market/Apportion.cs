using System.Numerics;

namespace EnergyChain.Consensus.Market;

/// <summary>Integer apportionment that never creates or loses a unit (Hamilton / largest remainder).</summary>
internal static class Apportion
{
    /// <summary>
    /// Splits <paramref name="total"/> (&gt;= 0) in proportion to non-negative <paramref name="weights"/>: everyone gets
    /// floor(total * w / W), the units left over go one each to the largest remainders, ties to the lower position.
    /// With all weights zero the split is equal, the remainder going to the lowest positions.
    /// </summary>
    public static long[] LargestRemainder(long total, BigInteger[] weights)
    {
        var n = weights.Length;
        var shares = new long[n];
        if (n == 0)
        {
            return shares;
        }

        var sum = BigInteger.Zero;
        foreach (var w in weights)
        {
            sum += w;
        }

        if (sum.IsZero)
        {
            var each = total / n;
            var rest = total % n;
            for (var k = 0; k < n; k++)
            {
                shares[k] = each + (k < rest ? 1 : 0);
            }

            return shares;
        }

        var remainders = new BigInteger[n];
        var given = 0L;
        for (var k = 0; k < n; k++)
        {
            var q = BigInteger.DivRem(total * weights[k], sum, out var r);
            shares[k] = (long)q;
            remainders[k] = r;
            given += shares[k];
        }

        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (p, q) =>
        {
            var c = remainders[q].CompareTo(remainders[p]);
            return c != 0 ? c : p.CompareTo(q);
        });
        for (var k = 0; given < total; k++, given++)
        {
            shares[order[k]]++;
        }

        return shares;
    }
}
