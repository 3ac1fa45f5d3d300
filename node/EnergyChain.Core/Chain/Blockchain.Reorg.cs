using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Storage;

namespace EnergyChain.Core.Chain;

public sealed partial class Blockchain
{
    /// <summary>
    /// Raised after a reorganization, outside the append lock, before <see cref="BlockCommitted"/> fires for
    /// the applied blocks: a mempool can take back the reverted transactions first and then drop the ones the
    /// new branch committed.
    /// </summary>
    public event Action<ChainReorganization>? Reorganized;

    /// <summary>
    /// Makes <paramref name="branch"/> the canonical chain. <c>branch[0]</c>'s parent must be a canonical
    /// block (the fork point) and each block must extend the one before it; blocks the branch shares with
    /// the canonical chain are skipped. The canonical blocks above the fork point are reverted and the
    /// branch blocks applied one by one through <see cref="BlockExecutor.Apply"/>, as <see cref="TryAppend"/>
    /// does. Which branch should win (most work, finality) is the fork choice's decision, not this method's:
    /// the branch may even be shorter than what it replaces.
    /// </summary>
    /// <param name="branch">The blocks to switch to, in ascending height.</param>
    /// <param name="finalizedHeight">
    /// Blocks at or below this height are never reverted: a fork point below it is refused.
    /// </param>
    /// <returns>
    /// <see cref="ReorgStatus.Reorganized"/>, or a refusal or <see cref="ReorgStatus.InvalidBlock"/> after
    /// which the chain (store, state, head) is exactly where it was.
    /// </returns>
    /// <exception cref="StoreException">
    /// The store failed mid-way and putting the original chain back failed too. The store and the in-memory
    /// state still agree, at some block between the fork point and either tip.
    /// </exception>
    public ReorgResult TryReorganize(IReadOnlyList<Block> branch, ulong finalizedHeight)
    {
        ArgumentNullException.ThrowIfNull(branch);
        if (CheckLinked(branch) is { } broken)
        {
            return ReorgResult.Refused(ReorgStatus.NotAChain, broken);
        }

        ReorgResult result;
        List<(Block Block, BlockApplyResult Result)> applied = [];
        lock (_appendLock)
        {
            result = ReorganizeLocked(branch, finalizedHeight, applied);
        }

        if (result.Reorganization is { } reorganization)
        {
            Reorganized?.Invoke(reorganization);
            foreach (var (block, blockResult) in applied)
            {
                BlockCommitted?.Invoke(block, blockResult);
            }
        }

        return result;
    }

    private static string? CheckLinked(IReadOnlyList<Block> branch)
    {
        if (branch.Count == 0)
        {
            return "the branch is empty";
        }

        for (var i = 1; i < branch.Count; i++)
        {
            if (branch[i].Height != branch[i - 1].Height + 1 || branch[i].Header.ParentHash != branch[i - 1].Hash)
            {
                return $"branch block {i} (height {branch[i].Height}) does not extend block {i - 1} (height {branch[i - 1].Height})";
            }
        }

        return null;
    }

    private ReorgResult ReorganizeLocked(IReadOnlyList<Block> branch, ulong finalizedHeight, List<(Block Block, BlockApplyResult Result)> applied)
    {
        var head = Head;

        // The store holds only the canonical chain, so a parent found there is canonical.
        var fork = _store.GetBlock(branch[0].Header.ParentHash);
        if (fork is null)
        {
            return ReorgResult.Refused(ReorgStatus.UnknownForkPoint, $"the parent {branch[0].Header.ParentHash} of branch block {branch[0].Height} is not on the canonical chain");
        }

        if (branch[0].Height != fork.Height + 1)
        {
            return ReorgResult.Refused(ReorgStatus.NotAChain, $"branch block {branch[0].Height} names parent {fork.Height} as its parent");
        }

        // A branch that starts with canonical blocks really forks where it first differs: reverting and
        // re-applying identical blocks would only churn the mempool and the finality check below.
        var skip = 0;
        while (skip < branch.Count && branch[skip].Height <= head.Height && _store.GetBlock(branch[skip].Height)?.Hash == branch[skip].Hash)
        {
            skip++;
        }

        if (skip == branch.Count)
        {
            return ReorgResult.Refused(ReorgStatus.AlreadyCanonical, $"every block of the branch up to {branch[^1].Height} is already canonical");
        }

        var forkBlock = skip == 0 ? fork : branch[skip - 1];
        if (forkBlock.Height < finalizedHeight)
        {
            return ReorgResult.Refused(ReorgStatus.BelowFinalized, $"the fork point {forkBlock.Height} is below the finalized height {finalizedHeight}");
        }

        var depth = head.Height - forkBlock.Height;
        if (depth > _store.UndoDepth)
        {
            return ReorgResult.Refused(ReorgStatus.TooDeep, $"the fork point {forkBlock.Height} is {depth} blocks below the head; the store can revert {_store.UndoDepth}");
        }

        // Read before anything changes: each revert's new head is the block below it.
        var canonical = new List<Block>((int)depth + 1) { forkBlock };
        for (var height = forkBlock.Height + 1; height <= head.Height; height++)
        {
            canonical.Add(_store.GetBlock(height)
                ?? throw new StoreException(StoreError.Corrupted, $"canonical block {height} is missing below the head {head.Height}"));
        }

        var reverted = new List<RevertedBlock>(); // highest first
        (Block Block, BlockApplyResult Result)? invalid = null;
        try
        {
            for (var i = canonical.Count - 1; i >= 1; i--)
            {
                reverted.Add(RevertHeadTo(canonical[i - 1]));
            }

            foreach (var block in branch.Skip(skip))
            {
                var result = Executor.Apply(this, block);
                if (!result.IsValid)
                {
                    invalid = (block, result);
                    break;
                }

                _store.CommitBlock(block, result.Changes);
                _state.Apply(result.Changes);
                SetHead(block);
                applied.Add((block, result));
            }
        }
        catch (Exception failure) when (failure is StoreException or ObjectDisposedException)
        {
            try
            {
                Restore(forkBlock, applied, reverted);
            }
            catch (Exception restoreFailure) when (restoreFailure is StoreException or ObjectDisposedException)
            {
                throw new StoreException(
                    StoreError.Unavailable,
                    $"reorganizing to the branch above {forkBlock.Height} failed ({failure.Message}) and restoring the original chain failed too ({restoreFailure.Message}); the chain is at block {Head.Height}",
                    new AggregateException(failure, restoreFailure));
            }

            throw;
        }

        if (invalid is { } failed)
        {
            Restore(forkBlock, applied, reverted);
            return ReorgResult.Invalid(failed.Block, failed.Result);
        }

        return ReorgResult.Done(new ChainReorganization(
            forkBlock.Height,
            reverted.Select(r => r.Block).Reverse().ToList(),
            applied.Select(a => a.Block).ToList()));
    }

    /// <summary>Reverts the head in store and memory; <paramref name="parent"/> is the block that becomes the head.</summary>
    private RevertedBlock RevertHeadTo(Block parent)
    {
        var reverted = _store.RevertHead();
        _state.Apply(reverted.Restored);
        SetHead(parent);
        if (reverted.Block.Header.ParentHash != parent.Hash || _state.Root != parent.Header.StateRoot)
        {
            // Memory and store still agree with each other; they no longer agree with the blocks.
            throw new StoreException(StoreError.Corrupted, $"reverting block {reverted.Block.Height} did not lead back to block {parent.Height} ({parent.Hash}) and its state root");
        }

        return reverted;
    }

    /// <summary>
    /// Takes off whatever of the branch was applied and commits the reverted canonical blocks again with the
    /// changes they had made (not re-executed: they were valid on exactly this state before), leaving the
    /// chain as it was before the reorganization started. Clears <paramref name="applied"/>.
    /// </summary>
    private void Restore(Block forkBlock, List<(Block Block, BlockApplyResult Result)> applied, List<RevertedBlock> reverted)
    {
        while (applied.Count > 0)
        {
            applied.RemoveAt(applied.Count - 1);
            RevertHeadTo(applied.Count > 0 ? applied[^1].Block : forkBlock);
        }

        // Lowest first; a failure may have struck before every canonical block was reverted, and then the list
        // holds only those that were.
        for (var i = reverted.Count - 1; i >= 0; i--)
        {
            var original = reverted[i];
            if (_state.ComputeRootWith(original.Changes) != original.Block.Header.StateRoot)
            {
                throw new StoreException(StoreError.Corrupted, $"the recorded changes of block {original.Block.Height} no longer lead to its state root");
            }

            _store.CommitBlock(original.Block, original.Changes);
            _state.Apply(original.Changes);
            SetHead(original.Block);
        }
    }
}
