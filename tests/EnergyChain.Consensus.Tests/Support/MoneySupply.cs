using EnergyChain.Core.Chain;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>
/// Every micro-unit a chain's state accounts for (the node's <c>/v1/supply</c> figures): what exists plus what
/// slashing burned. Nothing in the market mints or destroys money, so under poeg this equals the genesis supply
/// after every block.
/// </summary>
internal static class MoneySupply
{
    public static ulong Of(Blockchain chain)
    {
        var summary = SupplySummary.Of(chain.SnapshotHeadState().Accounts);
        return summary.Total + summary.Slashed;
    }
}
