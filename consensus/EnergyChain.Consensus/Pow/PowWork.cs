using System.Numerics;
using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// Proof-of-work weight of headers, for <see cref="Engine.ChainTip.TotalWork"/> and
/// <see cref="Engine.HeaviestWorkForkChoice"/>: a branch's work is the sum of its blocks' work, each the expected
/// number of hashes its target required (<see cref="PowTarget.Work"/>), so a branch of fewer harder blocks can
/// outweigh a longer branch of easy ones.
/// </summary>
public static class PowWork
{
    /// <summary>
    /// The work of <paramref name="header"/>: 0 for genesis (height 0 carries no seal), otherwise the work of the
    /// target its seal names. Throws <see cref="Core.Codec.DecodeException"/> for a malformed seal; only call it on
    /// headers that passed <see cref="PowSealValidator"/> (a valid seal already proved the work).
    /// </summary>
    public static BigInteger Of(BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.Height == 0 ? BigInteger.Zero : PowTarget.Work(PowSeal.Decode(header.ConsensusData.Span).Target);
    }

    /// <summary>The total work of a branch tip whose parent's total is <paramref name="parentTotalWork"/>.</summary>
    public static BigInteger Cumulative(BigInteger parentTotalWork, BlockHeader header) => parentTotalWork + Of(header);

    /// <summary>The summed work of <paramref name="headers"/> (for instance a branch from genesis to its tip).</summary>
    public static BigInteger Sum(IEnumerable<BlockHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var total = BigInteger.Zero;
        foreach (var header in headers)
        {
            total += Of(header);
        }

        return total;
    }
}
