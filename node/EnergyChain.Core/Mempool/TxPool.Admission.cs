using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Mempool;

public sealed partial class TxPool
{
    private TxAdmission AddVerifiedLocked(Transaction tx)
    {
        if (_byHash.ContainsKey(tx.Hash))
        {
            return new TxAdmission(TxAdmissionStatus.AlreadyKnown, tx.Hash);
        }

        var sender = tx.SenderAddress;
        var account = _chain.GetAccount(sender);
        if (tx.Nonce < account.Nonce)
        {
            return Reject(tx.Hash, TxError.NonceTooLow, $"nonce {tx.Nonce} was already used (next is {account.Nonce})");
        }

        if (tx.Nonce - account.Nonce > (ulong)_options.MaxNoncesAhead)
        {
            return Reject(tx.Hash, TxError.NonceTooFarAhead, $"nonce {tx.Nonce} is more than {_options.MaxNoncesAhead} ahead of {account.Nonce}");
        }

        if (!TryCost(tx, out var cost))
        {
            return Reject(tx.Hash, TxError.Overflow, "amount plus fee overflows");
        }

        _bySender.TryGetValue(sender, out var pending);
        PoolEntry? replaced = null;
        if (pending is not null && pending.TryGetValue(tx.Nonce, out var existing))
        {
            if (tx.Fee <= existing.Tx.Fee)
            {
                return Reject(tx.Hash, TxError.ReplacementUnderpriced, $"nonce {tx.Nonce} is already pending with fee {existing.Tx.Fee}");
            }

            replaced = existing;
        }

        // What the sender has committed to spend before this nonce must leave enough for this one.
        // Unstaked amounts go to unbonding, never straight to the balance, so they credit nothing here.
        ulong spentBefore = 0;
        if (pending is not null)
        {
            foreach (var (nonce, entry) in pending)
            {
                if (nonce >= tx.Nonce)
                {
                    break;
                }

                spentBefore = SaturatingAdd(spentBefore, entry.Cost);
            }
        }

        if (tx.Payload is UnstakePayload unstake && unstake.Amount > account.Stake)
        {
            return Reject(tx.Hash, TxError.InsufficientStake, $"locked stake {account.Stake} is less than {unstake.Amount}");
        }

        // The earliest block this transaction can land in is the next one. Unbonding funds matured by then are
        // released when the sender's first transaction there executes, so they count as spendable; funds still
        // locked at that height do not (heights only grow, so what is spendable now stays spendable).
        var nextHeight = _chain.Head.Height + 1;
        if (tx.Payload is EvidencePayload evidence
            && BlockExecutor.CheckEvidenceAgainst(_chain.GetAccount(evidence.First.ProducerKey!.Address), evidence, nextHeight) is { } invalid)
        {
            return new TxAdmission(TxAdmissionStatus.Rejected, tx.Hash, invalid);
        }

        if (_chain.Rules is { } rules && rules.Handles(tx.Type) && rules.Check(_chain, tx, nextHeight) is { } refused)
        {
            return new TxAdmission(TxAdmissionStatus.Rejected, tx.Hash, refused);
        }

        // Membership rules depend on the member set, the open proposals and the votes, not on the sender alone: a
        // transaction that runs next is tried on a scratch overlay of the head state, so the pool refuses what a block
        // would (a later nonce cannot be tried before its predecessors run; the block builder still checks it).
        if (tx.Payload is MemberJoinPayload or MemberVotePayload or MemberLeavePayload or MemberEvictPayload
            && tx.Nonce == account.Nonce
            && _chain.Executor.Execute(new StateOverlay(_chain), tx, nextHeight) is { } membership)
        {
            return new TxAdmission(TxAdmissionStatus.Rejected, tx.Hash, membership);
        }

        var spendable = Spendable(account, nextHeight);
        if (SaturatingAdd(spentBefore, cost) > spendable)
        {
            var locked = account.Unbonding != 0 && spendable == account.Balance
                ? $" ({account.Unbonding} unbonding stays locked until height {account.UnbondingReleaseHeight})"
                : string.Empty;
            return Reject(tx.Hash, TxError.InsufficientBalance, $"spendable balance {spendable} cannot cover {cost} after {spentBefore} already pending{locked}");
        }

        if (replaced is not null)
        {
            RemoveLocked(replaced);
        }

        if (!MakeRoomLocked(tx))
        {
            if (replaced is not null)
            {
                InsertLocked(replaced);
            }

            return Reject(tx.Hash, TxError.PoolFull, $"the pool holds {_count} transactions / {_bytes} bytes and this one pays too little to evict another");
        }

        InsertLocked(new PoolEntry(tx, _sequence++, cost));
        return new TxAdmission(replaced is null ? TxAdmissionStatus.Added : TxAdmissionStatus.Replaced, tx.Hash);
    }

    /// <summary>
    /// Evicts the cheapest sender tails (highest pending nonce, so no gap is left) while the pool is over a
    /// cap, but only tails paying a lower fee per byte than <paramref name="incoming"/>.
    /// </summary>
    private bool MakeRoomLocked(Transaction incoming)
    {
        while (_count + 1 > _options.MaxTransactions || _bytes + incoming.Size > _options.MaxBytes)
        {
            PoolEntry? cheapest = null;
            foreach (var pending in _bySender.Values)
            {
                var tail = pending.Values[^1];
                if (tail.Tx.SenderAddress == incoming.SenderAddress && tail.Tx.Nonce < incoming.Nonce)
                {
                    continue; // evicting our own predecessor would orphan the incoming transaction
                }

                if (cheapest is null || CompareFeeRate(tail.Tx, cheapest.Tx) < 0
                    || (CompareFeeRate(tail.Tx, cheapest.Tx) == 0 && tail.Sequence > cheapest.Sequence))
                {
                    cheapest = tail;
                }
            }

            if (cheapest is null || CompareFeeRate(cheapest.Tx, incoming) >= 0)
            {
                return false;
            }

            RemoveLocked(cheapest);
        }

        return true;
    }

    /// <summary>Compares fee per byte without division: a.Fee / a.Size vs b.Fee / b.Size.</summary>
    private static int CompareFeeRate(Transaction a, Transaction b) =>
        ((UInt128)a.Fee * (ulong)b.Size).CompareTo((UInt128)b.Fee * (ulong)a.Size);

    private void InsertLocked(PoolEntry entry)
    {
        var sender = entry.Tx.SenderAddress;
        if (!_bySender.TryGetValue(sender, out var pending))
        {
            pending = new SortedList<ulong, PoolEntry>();
            _bySender[sender] = pending;
        }

        pending.Add(entry.Tx.Nonce, entry);
        if (!_byHash.TryAdd(entry.Tx.Hash, entry))
        {
            throw new InvalidOperationException($"transaction {entry.Tx.Hash} is already in the pool");
        }

        _count++;
        _bytes += entry.Tx.Size;
    }

    private void RemoveLocked(PoolEntry entry)
    {
        if (!_byHash.TryRemove(entry.Tx.Hash, out _))
        {
            return;
        }

        _count--;
        _bytes -= entry.Tx.Size;
        var sender = entry.Tx.SenderAddress;
        var pending = _bySender[sender];
        pending.Remove(entry.Tx.Nonce);
        if (pending.Count == 0)
        {
            _bySender.Remove(sender);
        }
    }

    private static bool TryCost(Transaction tx, out ulong cost)
    {
        var amount = tx.Payload switch
        {
            TransferPayload t => t.Amount,
            StakePayload s => s.Amount,
            MemberJoinPayload j => j.Deposit,
            _ => 0UL,
        };
        cost = unchecked(amount + tx.Fee);
        return cost >= amount;
    }

    /// <summary>The balance the sender can spend in a block at <paramref name="height"/>: matured unbonding included.</summary>
    private static ulong Spendable(State.Account account, ulong height) =>
        account.HasMaturedUnbonding(height) ? SaturatingAdd(account.Balance, account.Unbonding) : account.Balance;

    private static ulong SaturatingAdd(ulong a, ulong b)
    {
        var sum = unchecked(a + b);
        return sum < a ? ulong.MaxValue : sum;
    }
}
