using System.Collections.Concurrent;
using System.Diagnostics;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;

namespace EnergyChain.Benchmarks.Pipeline;

/// <summary>
/// Passes everything to the real store and times <see cref="IBlockStore.CommitBlock"/>: the last commit, the total
/// and each height's (used by the pipeline and the P2P harnesses).
/// </summary>
internal sealed class TimedBlockStore(IBlockStore inner) : IBlockStore
{
    private readonly ConcurrentDictionary<ulong, double> _commitMs = new();
    private long _commitTicks;

    /// <summary>Duration of the most recent commit.</summary>
    public TimeSpan LastCommit { get; private set; }

    /// <summary>All commits added up.</summary>
    public TimeSpan CommitTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks));

    /// <summary>Milliseconds the commit of <paramref name="height"/> took (0 when not committed here).</summary>
    public double CommitMsAt(ulong height) => _commitMs.TryGetValue(height, out var ms) ? ms : 0;

    public StoredHead? ReadHead() => inner.ReadHead();

    public ulong UndoDepth => inner.UndoDepth;

    public RevertedBlock RevertHead() => inner.RevertHead();

    public void CommitBlock(Block block, StateChanges changes, ReadOnlyMemory<byte> finalityProof = default)
    {
        var start = Stopwatch.GetTimestamp();
        inner.CommitBlock(block, changes, finalityProof);
        var elapsed = Stopwatch.GetTimestamp() - start;
        Interlocked.Add(ref _commitTicks, elapsed);
        LastCommit = Stopwatch.GetElapsedTime(0, elapsed);
        _commitMs[block.Height] = LastCommit.TotalMilliseconds;
    }

    public byte[]? GetFinalityProof(ulong height) => inner.GetFinalityProof(height);

    public Block? GetBlock(ulong height) => inner.GetBlock(height);

    public Block? GetBlock(Hash256 hash) => inner.GetBlock(hash);

    public TxLocation? GetTxLocation(Hash256 txHash) => inner.GetTxLocation(txHash);

    public Account? GetAccount(Address address) => inner.GetAccount(address);

    public IEnumerable<KeyValuePair<Address, Account>> ReadAccounts() => inner.ReadAccounts();

    public void Dispose() => inner.Dispose();
}
