using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

public sealed partial class BlockExecutor
{
    /// <summary>
    /// Checks that need no state: chain id, fee floor, amounts, and that evidence proves a conflict (including
    /// the two header signatures). The mempool runs these too.
    /// </summary>
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
        if (amount == 0)
        {
            return new TxRejection(TxError.ZeroAmount, $"{tx.Type} of zero");
        }

        return tx.Payload is EvidencePayload evidence ? CheckEvidence(evidence) : null;
    }

    /// <summary>
    /// Executes one transaction against <paramref name="state"/> in the block at <c>context.Height</c>.
    /// All checks happen before any write, so a rejected transaction leaves the overlay untouched.
    /// <para>
    /// Unbonding is released lazily: the sender's matured unbonding funds (release height &lt;= this height)
    /// move to the balance first, before the nonce and fee checks. This is deterministic because the release is
    /// a pure function of the stored account and the block height, both identical on every node, and it runs
    /// at a fixed point (the start of each of the sender's transactions, and before a slash). Until then the
    /// funds sit in <see cref="Account.Unbonding"/>, which nothing but this release and slashing reads or
    /// changes, so releasing late gives the same balances as releasing at the release height would.
    /// </para>
    /// </summary>
    internal TxRejection? Execute(StateOverlay state, Transaction tx, ulong height, List<SlashRecord>? slashes = null) =>
        Execute(state, tx, new ContractContext(height, 0, 0, default, default), out _, slashes);

    internal TxRejection? Execute(
        StateOverlay state, Transaction tx, ContractContext context, out ulong gasFee,
        List<SlashRecord>? slashes = null, List<ContractReceipt>? receipts = null)
    {
        gasFee = 0;
        var height = context.Height;
        var senderAddress = tx.SenderAddress;
        var stored = state.GetAccount(senderAddress);
        if (!stored.TryRelease(height, out var sender))
        {
            return new TxRejection(TxError.Overflow, $"releasing {stored.Unbonding} unbonded would overflow the balance");
        }

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

                if (_parameters.UnbondingBlocks == 0)
                {
                    if (!TryAdd(after.Balance, unstake.Amount, out var returned))
                    {
                        return new TxRejection(TxError.Overflow, "balance would overflow");
                    }

                    state.SetAccount(senderAddress, after with { Balance = returned, Stake = after.Stake - unstake.Amount });
                    return null;
                }

                if (!TryAdd(after.Unbonding, unstake.Amount, out var unbonding))
                {
                    return new TxRejection(TxError.Overflow, "unbonding amount would overflow");
                }

                // A later unstake joins the pending amount and moves the whole release to its own (later) height.
                var releaseHeight = Math.Max(after.UnbondingReleaseHeight, SaturatingAdd(height, _parameters.UnbondingBlocks));
                state.SetAccount(senderAddress, after with
                {
                    Stake = after.Stake - unstake.Amount,
                    Unbonding = unbonding,
                    UnbondingReleaseHeight = releaseHeight,
                });
                return null;

            case EvidencePayload evidence:
                var offenderAddress = evidence.First.ProducerKey!.Address;
                var offender = offenderAddress == senderAddress ? after : state.GetAccount(offenderAddress);
                if (CheckEvidenceAgainst(offender, evidence, height) is { } invalid)
                {
                    return invalid;
                }

                state.SetAccount(senderAddress, after);
                var (slashed, burned) = Slash(state.GetAccount(offenderAddress), evidence.Height, height);
                state.SetAccount(offenderAddress, slashed);
                slashes?.Add(new SlashRecord(offenderAddress, PenaltyReason.DoubleSign, evidence.Height, burned));
                return null;

            case MemberJoinPayload or MemberVotePayload or MemberLeavePayload or MemberEvictPayload:
                return ExecuteMembership(state, tx, after, height);

            case EnergyReportPayload or EvReportPayload or GridRegistrationPayload or MeterReadingPayload or ModelUpdatePayload or V2vIntentPayload or V2vDeliveryPayload when _rules is not null && _rules.Handles(tx.Type):
                if (_rules.Check(state, tx, height) is { } refusedReport)
                {
                    return refusedReport;
                }

                state.SetAccount(senderAddress, after);
                _rules.Execute(state, tx, height);
                return null;

            case EnergyReportPayload or EvReportPayload or ModelUpdatePayload:
                // On an engine that does not use them, reports and model updates are only recorded (ordered, signed, paid for).
                state.SetAccount(senderAddress, after);
                return null;

            case GridRegistrationPayload:
                return new TxRejection(TxError.UnsupportedByEngine, "grid registrations are only taken by the poeg engine");

            case MeterReadingPayload:
                return new TxRejection(TxError.UnsupportedByEngine, "meter readings are only taken by the poeg engine");

            case V2vIntentPayload or V2vDeliveryPayload:
                return new TxRejection(TxError.UnsupportedByEngine, "V2V intents and delivery reports are only taken by the posoc engine");

            case ContractDeployPayload or ContractCallPayload:
                if (_contracts is null)
                {
                    return new TxRejection(TxError.ContractsDisabled, "this node runs no contract runtime");
                }

                var execution = _contracts.Execute(state, tx, after, context);
                if (execution.Rejection is { } refused)
                {
                    return refused;
                }

                gasFee = execution.GasFee;
                if (execution.Receipt is { } receipt)
                {
                    receipts?.Add(receipt);
                }

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
