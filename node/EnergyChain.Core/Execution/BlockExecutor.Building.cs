using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

public sealed partial class BlockExecutor
{
    /// <summary>
    /// Builds and signs the next block from candidate transactions (in the order given), leaving out any
    /// that would fail, up to the block limits. The engine's penalties apply first and its reward last, as in
    /// <see cref="Apply"/>. The block comes with the outcome of executing it (<see cref="BuiltBlock.Result"/>),
    /// what <see cref="Apply"/> computes for it on the same parent: the builder may commit its own block with it
    /// (<see cref="Chain.Blockchain.RememberBuilt"/>) instead of executing it a second time; every other node
    /// still runs it through <see cref="Apply"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine's incentives name an impossible penalty or overflow the producer's balance.</exception>
    public BuiltBlock BuildBlock(
        IChainState state,
        IEnumerable<Transaction> candidates,
        PrivateKey producer,
        long timestamp,
        ulong slot = 0,
        ReadOnlyMemory<byte> consensusData = default)
    {
        var head = state.Head;
        var draft = new BlockHeader
        {
            Height = head.Height + 1,
            ParentHash = head.Hash,
            Timestamp = Math.Max(timestamp, head.Timestamp),
            Slot = slot,
            Producer = producer.PublicKey.ToArray(),
            ConsensusData = consensusData,
        };
        var overlay = new StateOverlay(state);
        var slashes = new List<SlashRecord>();
        if (ApplyPenalties(overlay, draft, state, slashes) is { } penaltyError)
        {
            throw new InvalidOperationException($"the engine's penalties cannot apply: {penaltyError}");
        }

        ApplyDueMembership(overlay, draft.Height);
        if (_rules is not null && consensusData.IsEmpty)
        {
            draft = draft with { ConsensusData = _rules.ConsensusDataFor(draft, state) };
        }

        if (_rules?.BeginBlock(overlay, draft, state, _contracts) is { } engineError)
        {
            throw new InvalidOperationException($"the engine's block work fails on its own data: {engineError}");
        }

        var included = new List<Transaction>();
        var skipped = new List<(Transaction Tx, TxRejection Reason)>();
        var seen = new HashSet<Hash256>();
        long bytes = 0;
        ulong fees = 0;
        var context = ContextOf(draft, state);
        var receipts = new List<ContractReceipt>();
        foreach (var tx in candidates)
        {
            if (included.Count >= _parameters.MaxBlockTransactions)
            {
                break;
            }

            if (bytes + tx.Size > _parameters.MaxBlockBytes)
            {
                continue;
            }

            ulong gasFee = 0;
            var rejection = !seen.Add(tx.Hash)
                ? new TxRejection(TxError.DuplicateInBlock, "already included")
                : CheckStateless(tx)
                  ?? (_signatures.Verify(tx) ? null : new TxRejection(TxError.BadSignature, "signature does not verify"))
                  ?? Execute(overlay, tx, context, out gasFee, slashes, receipts);
            if (rejection is not null)
            {
                skipped.Add((tx, rejection));
                continue;
            }

            included.Add(tx);
            bytes += tx.Size;
            fees += tx.Fee + gasFee;
        }

        var reward = _incentives.BlockRewardFor(draft, state);
        if (CreditProducer(overlay, draft, fees, reward) is { } creditError)
        {
            throw new InvalidOperationException($"cannot pay the producer: {creditError}");
        }

        var changes = overlay.ToChanges();
        var root = state.ComputeRootWith(changes);
        var header = (draft with { TxRoot = Block.ComputeTxRoot(included), StateRoot = root }).SignWith(producer);
        var result = BlockApplyResult.Valid(changes, root, fees, reward, slashes).WithReceipts(receipts);
        return new BuiltBlock(new Block(header, included), skipped, result);
    }
}
