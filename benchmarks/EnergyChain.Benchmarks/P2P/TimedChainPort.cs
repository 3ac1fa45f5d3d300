using System.Collections.Concurrent;
using System.Diagnostics;
using EnergyChain.Benchmarks.Pipeline;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.P2P.Reactors;

namespace EnergyChain.Benchmarks.P2P;

/// <summary>
/// The reactors' view of the chain, timed: a block that extends the head first has its signatures checked with
/// <see cref="SignatureVerifier.VerifyBatch"/> (the same check, on both cores, that <see cref="Blockchain.TryAppend"/>
/// would make; it then finds them in the cache), then goes to <see cref="ChainPort.Import"/> (the rest of
/// validation, execution, state root, store commit). So the two can be reported apart; the work is the same.
/// </summary>
internal sealed class TimedChainPort : IChainPort
{
    private readonly ChainPort _inner;
    private readonly Blockchain _chain;
    private readonly TimedBlockStore _store;
    private long _verifyTicks;
    private long _importTicks;
    private long _serveTicks;
    private long _imports;

    public TimedChainPort(Blockchain chain, TimedBlockStore store, Func<Block, string?> authorize)
    {
        _chain = chain;
        _store = store;
        _inner = new ChainPort(chain, authorize);
    }

    public event Action<Block>? BlockCommitted
    {
        add => _inner.BlockCommitted += value;
        remove => _inner.BlockCommitted -= value;
    }

    public ChainHead Head => _inner.Head;

    /// <summary>Per height, for blocks this port committed.</summary>
    public ConcurrentDictionary<ulong, ImportTiming> Timings { get; } = new();

    public TimeSpan VerifyTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _verifyTicks));

    public TimeSpan ImportTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _importTicks));

    /// <summary>Time spent reading blocks out of the store to serve them (sync sources).</summary>
    public TimeSpan ServeReadTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _serveTicks));

    public long Imports => Interlocked.Read(ref _imports);

    public Block? GetBlock(ulong height)
    {
        var start = Stopwatch.GetTimestamp();
        var block = _inner.GetBlock(height);
        Interlocked.Add(ref _serveTicks, Stopwatch.GetTimestamp() - start);
        return block;
    }

    public void PrefetchSignatures(Block block) => _inner.PrefetchSignatures(block);

    public BlockImport Import(Block block)
    {
        var head = _chain.Head;
        if (block.Height != head.Height + 1 || block.Header.ParentHash != head.Hash)
        {
            return _inner.Import(block);
        }

        var start = Stopwatch.GetTimestamp();
        _chain.Executor.Signatures.VerifyBatch(block.Transactions);
        var verified = Stopwatch.GetTimestamp();
        var result = _inner.Import(block);
        var end = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _verifyTicks, verified - start);
        Interlocked.Add(ref _importTicks, end - verified);
        if (result.Outcome == BlockImportOutcome.Committed)
        {
            Interlocked.Increment(ref _imports);
            Timings[block.Height] = new ImportTiming(
                Stopwatch.GetElapsedTime(start, verified).TotalMilliseconds,
                Stopwatch.GetElapsedTime(verified, end).TotalMilliseconds,
                _store.CommitMsAt(block.Height));
        }

        return result;
    }
}
