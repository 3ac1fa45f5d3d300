using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;
using EnergyChain.P2P.Reactors;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// Block propagation and block sync over the PoW block tree. The reactors were made for a chain without forks:
/// sync asks peers for the heights above <see cref="Head"/> and applies them in order. Under PoW a peer's blocks
/// may sit on a different branch, whose ancestors this node lacks; those blocks arrive as orphans. The port then
/// rewinds the height it reports to sync (a "sync cursor") to the finalized height, so sync fetches the peer's
/// branch from there: blocks this node has are Known and move the cursor on, the others become side blocks
/// until their branch outweighs the head and the chain reorganizes. The cursor returns to the head when it
/// reaches it, or after <see cref="CursorTimeout"/> without progress (nobody serves that branch).
/// </summary>
public sealed class PowChainPort : IChainPort
{
    /// <summary>How long a rewound cursor may go without progress before it snaps back to the head.</summary>
    public static readonly TimeSpan CursorTimeout = TimeSpan.FromSeconds(10);

    private readonly PowChain _pow;
    private readonly TimeProvider _time;
    private readonly Lock _cursorLock = new();
    private ChainHead? _cursor;
    private long _cursorMovedAt;

    public PowChainPort(PowChain pow, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pow);
        _pow = pow;
        _time = time;
        pow.Chain.BlockCommitted += (block, _) => BlockCommitted?.Invoke(block);
    }

    public event Action<Block>? BlockCommitted;

    /// <summary>The canonical head, or the sync cursor while a branch is being fetched.</summary>
    public ChainHead Head
    {
        get
        {
            lock (_cursorLock)
            {
                if (_cursor is { } cursor)
                {
                    var head = _pow.Chain.Head;
                    if (cursor.Hash == head.Hash || (cursor.Height >= head.Height && !_pow.IsSideBlock(cursor.Hash))
                        || _time.GetElapsedTime(_cursorMovedAt) >= CursorTimeout)
                    {
                        _cursor = null;
                        return head;
                    }

                    if (cursor.Height < _pow.FinalizedHeight && FinalizedBlock() is { } finalized)
                    {
                        // The head moved on while sync fetched: below the finalized height only the canonical chain
                        // counts, and a peer's different block there would be refused, so continue from there.
                        _cursor = finalized;
                    }

                    return _cursor;
                }
            }

            return _pow.Chain.Head;
        }
    }

    /// <summary>Whether sync is currently fetching from a rewound cursor (for status and tests).</summary>
    public bool IsRewound
    {
        get
        {
            lock (_cursorLock)
            {
                return _cursor is not null;
            }
        }
    }

    public Block? GetBlock(ulong height) => height <= _pow.Chain.Head.Height ? _pow.Chain.Store.GetBlock(height) : null;

    public void PrefetchSignatures(Block block) => _pow.Chain.Executor.Signatures.VerifyBatch(block.Transactions);

    public BlockImport Import(Block block)
    {
        var result = _pow.Import(block);
        switch (result.Status)
        {
            case PowImportStatus.Committed:
                Advance(block);
                return BlockImport.Committed;
            case PowImportStatus.Known or PowImportStatus.Side:
                Advance(block);
                return BlockImport.Known;
            case PowImportStatus.Orphan:
                Rewind(block);

                // Known, not Unlinkable: sync penalizes a block that does not link, but an orphan is normal under PoW
                // (the peer is on another branch); the block is held and connects once its ancestors arrive.
                return BlockImport.Known;
            case PowImportStatus.Ignored:
                // Known, not Unlinkable: a block below this node's finalized height is a peer on a branch this
                // node will not switch to. Finality here is probabilistic, so that peer is not misbehaving.
                return BlockImport.Known;
            case PowImportStatus.Deferred:
                // Not the sender's fault: sync keeps the block and retries it, by which time the clock caught up.
                return new BlockImport(BlockImportOutcome.Failed, result.Reason);
            case PowImportStatus.Invalid:
                return new BlockImport(BlockImportOutcome.Invalid, result.Reason);
            default:
                return new BlockImport(BlockImportOutcome.Failed, result.Reason);
        }
    }

    private void Advance(Block block)
    {
        lock (_cursorLock)
        {
            if (_cursor is { } cursor && block.Header.ParentHash == cursor.Hash)
            {
                _cursor = new ChainHead(block.Height, block.Hash, block.Header.Timestamp, block.Header.StateRoot);
                _cursorMovedAt = _time.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// Rewinds the cursor to the finalized block when an orphan shows that a peer is on another branch: at once
    /// if sync is not fetching, or when the orphan is the very height sync asked for (the cursor walked the wrong
    /// branch). An orphan from further ahead (propagation) does not disturb a walk in progress.
    /// </summary>
    private void Rewind(Block orphan)
    {
        lock (_cursorLock)
        {
            if (_cursor is { } cursor && (orphan.Height != cursor.Height + 1 || cursor.Height <= _pow.FinalizedHeight))
            {
                return;
            }

            if (FinalizedBlock() is { } finalized)
            {
                _cursor = finalized;
                _cursorMovedAt = _time.GetTimestamp();
            }
        }
    }

    private ChainHead? FinalizedBlock() =>
        _pow.Chain.Store.GetBlock(_pow.FinalizedHeight) is { } block
            ? new ChainHead(block.Height, block.Hash, block.Header.Timestamp, block.Header.StateRoot)
            : null;
}
