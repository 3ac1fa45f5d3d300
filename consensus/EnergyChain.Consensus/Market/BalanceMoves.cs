using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Market;

/// <summary>
/// Moves money between accounts inside block execution for the engines' markets (escrow, settlement, penalties):
/// nothing is minted or lost, and a movement that cannot happen returns the reason instead of clamping, because
/// the markets compute their payments from the same state and a shortfall there is a bug that must fail the block.
/// </summary>
internal static class BalanceMoves
{
    public static string? Move(StateOverlay state, Address from, Address to, ulong amount)
    {
        if (amount == 0)
        {
            return null;
        }

        if (Debit(state, from, amount) is { } error)
        {
            return error;
        }

        var target = state.GetAccount(to);
        if (target.Balance + amount < target.Balance)
        {
            return $"crediting {amount} would overflow {to}'s balance";
        }

        state.SetAccount(to, target with { Balance = target.Balance + amount });
        return null;
    }

    public static string? Debit(StateOverlay state, Address from, ulong amount)
    {
        var source = state.GetAccount(from);
        if (source.Balance < amount)
        {
            return $"{from} holds {source.Balance}, less than the {amount} to move";
        }

        state.SetAccount(from, source with { Balance = source.Balance - amount });
        return null;
    }
}
