using System.Collections.Concurrent;
using System.Numerics;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// The proof-of-work block tree: the canonical chain (the store, through <see cref="Blockchain"/>) plus the
/// side blocks and orphans held in memory. <see cref="Import"/> is the one way a block enters it, from a peer or
/// from the local miner; the heaviest branch (<see cref="HeaviestWorkForkChoice"/>) becomes canonical through
/// <see cref="Blockchain.TryAppend"/> or <see cref="Blockchain.TryReorganize"/>, never at or below
/// <see cref="FinalizedHeight"/>. Imports are serialized by one lock; header reads are lock-free.
/// </summary>
public sealed partial class PowChain : IHeaderReader
{
    /// <summary>
    /// Blocks on top of a block before the node treats it as final (probabilistic finality). Six, as Bitcoin's
    /// customary wait: an attacker with a minority of the hashrate catches up six blocks with a small chance.
    /// </summary>
    public const int DefaultConfirmations = 6;

    /// <summary>How far ahead of this node's clock a block's timestamp may be (a node-local policy, not a chain rule).</summary>
    public static readonly TimeSpan MaxFutureDrift = TimeSpan.FromSeconds(15);

    /// <summary>Side blocks kept in memory; beyond it the lowest go first (they are the least likely to win).</summary>
    public const int DefaultMaxSideBlocks = 1000;

    /// <summary>Orphans (unknown parent) kept while their ancestors are fetched.</summary>
    public const int DefaultMaxOrphans = 256;

    private readonly Blockchain _chain;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _importLock = new();
    private readonly ConcurrentDictionary<Hash256, SideBlock> _side = new();
    private readonly Dictionary<Hash256, Block> _orphans = [];

    // Cumulative work by block hash. A block's total work depends only on its ancestry, so an entry stays right
    // whether the block is canonical or on a side branch; entries leave only with evicted side blocks.
    private readonly ConcurrentDictionary<Hash256, BigInteger> _work = new();

    public PowChain(Blockchain chain, PowEngine engine, TimeProvider time, int confirmations = DefaultConfirmations, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfNegative(confirmations);
        _chain = chain;
        Engine = engine;
        _time = time;
        _log = log ?? NullLogger.Instance;
        Confirmations = confirmations;
    }

    public Blockchain Chain => _chain;

    public PowEngine Engine { get; }

    /// <summary>Blocks that must follow a block before it counts as final.</summary>
    public int Confirmations { get; }

    public int MaxSideBlocks { get; init; } = DefaultMaxSideBlocks;

    public int MaxOrphans { get; init; } = DefaultMaxOrphans;

    /// <summary>Head height minus <see cref="Confirmations"/> (0 while the chain is shorter): never reverted.</summary>
    public ulong FinalizedHeight
    {
        get
        {
            var height = _chain.Head.Height;
            return height > (ulong)Confirmations ? height - (ulong)Confirmations : 0;
        }
    }

    public int SideBlockCount => _side.Count;

    public int OrphanCount
    {
        get
        {
            lock (_importLock)
            {
                return _orphans.Count;
            }
        }
    }

    /// <summary>Cumulative work from genesis to the head.</summary>
    public BigInteger HeadTotalWork => TotalWork(_chain.Head.Hash) ?? BigInteger.Zero;

    /// <summary>The target the next block on the head must meet.</summary>
    public BigInteger NextTarget
    {
        get
        {
            var head = GetHeader(_chain.Head.Hash) ?? throw new InvalidOperationException("the head block is not in the store");
            return Engine.Difficulty.ExpectedTarget(head, this);
        }
    }

    /// <summary>A header on any known branch (canonical or side); orphans are not included, they are unchecked.</summary>
    public BlockHeader? GetHeader(Hash256 hash) =>
        _side.TryGetValue(hash, out var side) ? side.Block.Header : _chain.Store.GetBlock(hash)?.Header;

    /// <summary>Whether <paramref name="hash"/> is held as a side block.</summary>
    public bool IsSideBlock(Hash256 hash) => _side.ContainsKey(hash);

    /// <summary>
    /// Cumulative work of block <paramref name="hash"/>, or null if the block is not known. Computed by walking back
    /// to the nearest block whose total is cached (genesis at worst, once) and cached on the way.
    /// </summary>
    public BigInteger? TotalWork(Hash256 hash)
    {
        if (_work.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        var pending = new Stack<BlockHeader>();
        var current = GetHeader(hash);
        var total = BigInteger.Zero;
        while (current is not null)
        {
            if (_work.TryGetValue(current.Hash, out total))
            {
                break;
            }

            pending.Push(current);
            if (current.Height == 0)
            {
                total = BigInteger.Zero;
                break;
            }

            current = GetHeader(current.ParentHash);
            if (current is null)
            {
                return null;
            }
        }

        if (current is null)
        {
            return null;
        }

        while (pending.TryPop(out var header))
        {
            total = PowWork.Cumulative(total, header);
            _work[header.Hash] = total;
        }

        return total;
    }

    /// <summary>
    /// Runs <paramref name="build"/> while no import can move the head, and returns what it built with the head's
    /// header: the miner's template and its parent belong together.
    /// </summary>
    public (T Result, BlockHeader Parent) OnHead<T>(Func<Blockchain, T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (_importLock)
        {
            var parent = GetHeader(_chain.Head.Hash) ?? throw new InvalidOperationException("the head block is not in the store");
            return (build(_chain), parent);
        }
    }
}
