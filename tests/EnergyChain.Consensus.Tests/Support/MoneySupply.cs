using EnergyChain.Core.Chain;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>
/// Every micro-unit a chain's state accounts for: balances, stake and unbonding of every account (households,
/// system accounts, contracts) plus what slashing burned. Nothing in the market mints or destroys money, so under
/// poeg this equals the genesis supply after every block.
/// </summary>
internal static class MoneySupply
{
    public static ulong Of(Blockchain chain)
    {
        UInt128 total = 0;
        foreach (var (_, account) in chain.State.SnapshotAccounts())
        {
            total += (UInt128)account.Balance + account.Stake + account.Unbonding + account.SlashedTotal;
        }

        return (ulong)total;
    }
}
