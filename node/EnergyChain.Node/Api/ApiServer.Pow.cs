using EnergyChain.Consensus.Pow;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    /// <summary>The PoW part of <c>/v1/consensus</c>; null under other engines.</summary>
    private static object? PowView(NodeServices node)
    {
        if (node.Pow is not { } pow)
        {
            return null;
        }

        var target = pow.NextTarget;
        var miner = node.PowMiner;
        return new
        {
            target = PowTarget.ToHex(target),
            compactTarget = $"0x{PowTarget.ToCompact(target):x8}",

            // Leading zero bits of the target, i.e. log2 of the expected hashes per block rounded down.
            difficultyBits = 256 - (int)target.GetBitLength(),
            headTotalWork = pow.HeadTotalWork.ToString(System.Globalization.CultureInfo.InvariantCulture),
            hashrate = miner?.HashesPerSecond ?? 0,
            mining = miner?.IsMining ?? false,
            minerThreads = miner?.Threads ?? 0,
            blocksMined = miner?.BlocksMined ?? 0,
            confirmations = pow.Confirmations,
            finalizedHeight = pow.FinalizedHeight,
            sideBlocks = pow.SideBlockCount,
            orphans = pow.OrphanCount,
            targetBlockMs = pow.Engine.Parameters.TargetBlockMs,
            retargetInterval = pow.Engine.Parameters.RetargetInterval,
        };
    }
}
