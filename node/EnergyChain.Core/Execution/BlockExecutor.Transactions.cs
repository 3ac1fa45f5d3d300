using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

public sealed partial class BlockExecutor
{
    /// <summary>Checks that need no state: chain id, fee floor, amounts. The mempool runs these too.</summary>
    public TxRejection? CheckStateless(Transaction tx)
    {
        if (tx.ChainId != _parameters.ChainId)
        {
            return new TxRejection(TxError.WrongChainId, $"signed for chain '{tx.ChainId}', this is '{_parameters.ChainId}'");
        }

        if (tx.Fee < _parameters.MinTxFee)
        {
            return new TxRejection(TxError.FeeTooLow, $"fee {tx.Fee} is below the minimum {_parameters.MinTxFee}");
        }

        var amount = tx.Payload switch
        {
            TransferPayload t => t.Amount,
            StakePayload s => s.Amount,
            UnstakePayload u => u.Amount,
            _ => 1UL,
        };
        return amount == 0 ? new TxRejection(TxError.ZeroAmount, $"{tx.Type} of zero") : null;
    }

    /// <summary>
    /// Executes one transaction against <paramref name="state"/>. All checks happen before any write, so a
    /// rejected transaction leaves the overlay untouched.
    /// </summary>
    internal static TxRejection? Execute(StateOverlay state, Transaction tx)
    {
        var senderAddress = tx.SenderAddress;
        var sender = state.GetAccount(senderAddress);
        if (tx.Nonce < sender.Nonce)
        {
            return new TxRejection(TxError.NonceTooLow, $"nonce {tx.Nonce} was already used (next is {sender.Nonce})");
        }

        if (tx.Nonce > sender.Nonce)
        {
            return new TxRejection(TxError.NonceGap, $"nonce {tx.Nonce} skips ahead (next is {sender.Nonce})");
        }

        if (sender.Nonce == ulong.MaxValue)
        {
            return new TxRejection(TxError.Overflow, "nonce space exhausted");
        }

        if (sender.Balance < tx.Fee)
        {
            return new TxRejection(TxError.InsufficientBalance, $"balance {sender.Balance} cannot pay the fee {tx.Fee}");
        }

        var after = sender with { Balance = sender.Balance - tx.Fee, Nonce = sender.Nonce + 1 };
        switch (tx.Payload)
        {
            case TransferPayload transfer:
                if (after.Balance < transfer.Amount)
                {
                    return new TxRejection(TxError.InsufficientBalance, $"balance {sender.Balance} cannot pay {transfer.Amount} plus fee {tx.Fee}");
                }

                if (transfer.To == senderAddress)
                {
                    state.SetAccount(senderAddress, after);
                    return null;
                }

                var recipient = state.GetAccount(transfer.To);
                if (!TryAdd(recipient.Balance, transfer.Amount, out var credited))
                {
                    return new TxRejection(TxError.Overflow, "recipient balance would overflow");
                }

                state.SetAccount(senderAddress, after with { Balance = after.Balance - transfer.Amount });
                state.SetAccount(transfer.To, recipient with { Balance = credited });
                return null;

            case StakePayload stake:
                if (after.Balance < stake.Amount)
                {
                    return new TxRejection(TxError.InsufficientBalance, $"balance {sender.Balance} cannot stake {stake.Amount} plus fee {tx.Fee}");
                }

                if (!TryAdd(after.Stake, stake.Amount, out var staked))
                {
                    return new TxRejection(TxError.Overflow, "stake would overflow");
                }

                state.SetAccount(senderAddress, after with { Balance = after.Balance - stake.Amount, Stake = staked });
                return null;

            case UnstakePayload unstake:
                if (after.Stake < unstake.Amount)
                {
                    return new TxRejection(TxError.InsufficientStake, $"locked stake {after.Stake} is less than {unstake.Amount}");
                }

                if (!TryAdd(after.Balance, unstake.Amount, out var released))
                {
                    return new TxRejection(TxError.Overflow, "balance would overflow");
                }

                state.SetAccount(senderAddress, after with { Balance = released, Stake = after.Stake - unstake.Amount });
                return null;

            case EnergyReportPayload or EvReportPayload:
                // Reports only need to be on chain (ordered, signed, paid for); PoEG/PoSOC read them from blocks.
                state.SetAccount(senderAddress, after);
                return null;

            default:
                return new TxRejection(TxError.Malformed, $"{tx.Type} transactions are not executable yet");
        }
    }

    private static bool TryAdd(ulong a, ulong b, out ulong sum)
    {
        sum = unchecked(a + b);
        return sum >= a;
    }
}
