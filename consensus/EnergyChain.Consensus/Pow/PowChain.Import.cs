using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Storage;
using Microsoft.Extensions.Logging;

namespace EnergyChain.Consensus.Pow;

public sealed partial class PowChain
{
    /// <summary>
    /// Takes a block from a peer or the local miner: checks the seal against its parent (on any branch), then
    /// appends it, keeps it as a side block, or reorganizes to its branch when that branch has strictly more work
    /// than the head. A block whose parent is unknown waits as an orphan; when a block connects, the orphans
    /// waiting for it are imported too.
    /// </summary>
    public PowImportResult Import(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_importLock)
        {
            var result = ImportLocked(block);
            if (result.Status is PowImportStatus.Committed or PowImportStatus.Side)
            {
                ConnectOrphans(block.Hash);
            }

            return result;
        }
    }

    private PowImportResult ImportLocked(Block block)
    {
        var header = block.Header;
        var hash = block.Hash;
        if (_side.ContainsKey(hash) || _chain.Store.GetBlock(hash) is not null)
        {
            return PowImportResult.Known;
        }

        if (_orphans.ContainsKey(hash))
        {
            return new PowImportResult(PowImportStatus.Orphan, "already held, waiting for its parent");
        }

        // A node-local policy, so it may read the clock: a block from the future is not invalid (another node's
        // clock may be right), it is just not considered yet.
        var latest = _time.GetUtcNow().Add(MaxFutureDrift).ToUnixTimeMilliseconds();
        if (header.Timestamp > latest)
        {
            return new PowImportResult(PowImportStatus.Deferred, $"timestamp {header.Timestamp} is more than {MaxFutureDrift.TotalSeconds:F0} s ahead of this node's clock");
        }

        if (header.Height <= FinalizedHeight)
        {
            return new PowImportResult(PowImportStatus.Ignored, $"block {header.Height} is at or below the finalized height {FinalizedHeight}");
        }

        var parent = GetHeader(header.ParentHash);
        if (parent is null)
        {
            return AddOrphan(block);
        }

        var verdict = Engine.SealValidator.Validate(header, new SealContext(parent, this));
        if (!verdict.IsValid)
        {
            return new PowImportResult(PowImportStatus.Invalid, verdict.Error ?? "invalid seal");
        }

        var head = _chain.Head;
        if (header.ParentHash == head.Hash)
        {
            return Append(block);
        }

        var work = TotalWork(header.ParentHash)!.Value + PowWork.Of(header);
        AddSide(block, work);
        var headWork = TotalWork(head.Hash) ?? throw new InvalidOperationException("the head's work is unknown");
        var candidate = new ChainTip(hash, header.Height, work, 0);
        var current = new ChainTip(head.Hash, head.Height, headWork, 0);
        return Engine.ForkChoice.Prefers(candidate, current)
            ? ReorganizeTo(block)
            : new PowImportResult(PowImportStatus.Side, $"branch work {work} does not exceed the head's {headWork}");
    }

    private PowImportResult Append(Block block)
    {
        BlockApplyResult result;
        try
        {
            result = _chain.TryAppend(block);
        }
        catch (StoreException e)
        {
            return new PowImportResult(PowImportStatus.Failed, e.Message);
        }

        if (!result.IsValid)
        {
            return new PowImportResult(PowImportStatus.Invalid, result.ToString());
        }

        TotalWork(block.Hash);
        return PowImportResult.Committed;
    }

    /// <summary>Makes the side branch ending at <paramref name="tip"/> canonical; its blocks are executed only now.</summary>
    private PowImportResult ReorganizeTo(Block tip)
    {
        var branch = new List<Block> { tip };
        while (_side.TryGetValue(branch[^1].Header.ParentHash, out var parent))
        {
            branch.Add(parent.Block);
        }

        branch.Reverse();
        ReorgResult result;
        try
        {
            result = _chain.TryReorganize(branch, FinalizedHeight);
        }
        catch (StoreException e)
        {
            return new PowImportResult(PowImportStatus.Failed, e.Message);
        }

        switch (result.Status)
        {
            case ReorgStatus.Reorganized:
                var reorganization = result.Reorganization!;
                foreach (var applied in reorganization.Applied)
                {
                    _side.TryRemove(applied.Hash, out _);
                }

                // Still valid blocks with proven work: if their branch gets heavier again, it comes back.
                foreach (var reverted in reorganization.Reverted)
                {
                    AddSide(reverted, TotalWork(reverted.Hash) ?? PowWork.Of(reverted.Header));
                }

                LogReorganized(reorganization.ForkHeight, reorganization.Reverted.Count, reorganization.Applied.Count, tip.Height, tip.Hash.ToString());
                return new PowImportResult(PowImportStatus.Committed, result.Message);
            case ReorgStatus.InvalidBlock:
                var invalid = result.InvalidBlock!;
                var dropped = DropWithDescendants(invalid.Hash);
                LogInvalidBranch(invalid.Height, invalid.Hash.ToString(), dropped, result.Message);
                return new PowImportResult(
                    PowImportStatus.Invalid,
                    invalid.Hash == tip.Hash ? result.Message : $"it builds on block {invalid.Height} {invalid.Hash}, which is invalid: {result.Message}");
            default:
                // Below the finalized height, deeper than the undo data, or the branch lost its link to the canonical
                // chain (an evicted side block): this branch can never become canonical here.
                DropWithDescendants(tip.Hash);
                return new PowImportResult(PowImportStatus.Ignored, result.ToString());
        }
    }

    private void AddSide(Block block, System.Numerics.BigInteger totalWork)
    {
        _side[block.Hash] = new SideBlock(block, totalWork);
        _work[block.Hash] = totalWork;
        while (_side.Count > MaxSideBlocks)
        {
            var lowest = _side.Values.MinBy(s => s.Block.Height)!;
            _side.TryRemove(lowest.Block.Hash, out _);
            _work.TryRemove(lowest.Block.Hash, out _);
        }
    }

    /// <summary>Removes a side block and every side block that descends from it; returns how many.</summary>
    private int DropWithDescendants(Hash256 root)
    {
        var bad = new HashSet<Hash256> { root };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var side in _side.Values)
            {
                if (!bad.Contains(side.Block.Hash) && bad.Contains(side.Block.Header.ParentHash))
                {
                    bad.Add(side.Block.Hash);
                    grew = true;
                }
            }
        }

        var removed = 0;
        foreach (var hash in bad)
        {
            if (_side.TryRemove(hash, out _))
            {
                removed++;
            }

            _work.TryRemove(hash, out _);
            _orphans.Remove(hash);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PoW reorganization above block {ForkHeight}: reverted {Reverted}, applied {Applied} blocks; head {Height} {Hash}")]
    private partial void LogReorganized(ulong forkHeight, int reverted, int applied, ulong height, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PoW branch block {Height} {Hash} is invalid; dropped {Dropped} side blocks: {Reason}")]
    private partial void LogInvalidBranch(ulong height, string hash, int dropped, string reason);
}
