using System.Globalization;
using System.Text;
using EnergyChain.P2P.Peers;

namespace EnergyChain.Node.Api;

/// <summary>Counters behind <c>GET /metrics</c> (Prometheus text exposition format 0.0.4).</summary>
public sealed class NodeMetrics
{
    private long _transactionsCommitted;
    private long _blocksCommitted;
    private long _applyCount;
    private long _applyTicks;

    public long TransactionsCommitted => Interlocked.Read(ref _transactionsCommitted);

    public void OnBlockCommitted(int transactions)
    {
        Interlocked.Add(ref _transactionsCommitted, transactions);
        Interlocked.Increment(ref _blocksCommitted);
    }

    public void ObserveBlockApply(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _applyCount);
        Interlocked.Add(ref _applyTicks, elapsed.Ticks);
    }

    public string Render(ulong height, ulong finalizedHeight, int mempoolCount, long mempoolBytes, int peers)
    {
        var text = new StringBuilder();
        Gauge(text, "energychain_height", "Height of the committed head", height);
        Gauge(text, "energychain_finalized_height", "Height of the last final block", finalizedHeight);
        Gauge(text, "energychain_mempool_transactions", "Transactions waiting in the mempool", mempoolCount);
        Gauge(text, "energychain_mempool_bytes", "Bytes of transactions waiting in the mempool", mempoolBytes);
        Gauge(text, "energychain_peers", "Connected peers", peers);
        Counter(text, "energychain_transactions_committed_total", "Transactions committed since the node started", TransactionsCommitted);
        Counter(text, "energychain_blocks_committed_total", "Blocks committed since the node started", Interlocked.Read(ref _blocksCommitted));
        Counter(text, "energychain_p2p_bytes_sent_total", "Bytes sent to peers (frames after the handshake, encryption included)", P2PTraffic.BytesSent);
        Counter(text, "energychain_p2p_bytes_received_total", "Bytes received from peers (frames after the handshake, encryption included)", P2PTraffic.BytesReceived);
        text.Append("# HELP energychain_block_apply_seconds Time to build, validate, apply and commit a produced block\n");
        text.Append("# TYPE energychain_block_apply_seconds summary\n");
        text.Append(CultureInfo.InvariantCulture, $"energychain_block_apply_seconds_sum {TimeSpan.FromTicks(Interlocked.Read(ref _applyTicks)).TotalSeconds.ToString("R", CultureInfo.InvariantCulture)}\n");
        text.Append(CultureInfo.InvariantCulture, $"energychain_block_apply_seconds_count {Interlocked.Read(ref _applyCount)}\n");
        RenderRuntime(text);
        return text.ToString();
    }

    /// <summary>Garbage collection: a node that stops answering for a while under load shows it here first.</summary>
    private static void RenderRuntime(StringBuilder text)
    {
        Counter(text, "dotnet_gc_pause_seconds_total", "Time the runtime paused the process for garbage collections", (decimal)GC.GetTotalPauseDuration().TotalSeconds);
        text.Append("# HELP dotnet_gc_collections_total Garbage collections by generation\n# TYPE dotnet_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n");
        }

        Gauge(text, "dotnet_gc_heap_bytes", "Bytes of the managed heap after the last collection (bytes in use before the first)", ManagedHeapBytes(GC.GetGCMemoryInfo().HeapSizeBytes, GC.GetTotalMemory(forceFullCollection: false)));
    }

    /// <summary>
    /// The heap size the last collection left, or, before the process's first collection (when the runtime reports
    /// 0 there), the bytes in use now: a freshly started node would otherwise report an empty heap.
    /// </summary>
    internal static long ManagedHeapBytes(long heapAfterLastCollection, long bytesInUse) =>
        heapAfterLastCollection > 0 ? heapAfterLastCollection : bytesInUse;

    private static void Gauge(StringBuilder text, string name, string help, decimal value) => Metric(text, name, help, "gauge", value);

    private static void Counter(StringBuilder text, string name, string help, decimal value) => Metric(text, name, help, "counter", value);

    private static void Metric(StringBuilder text, string name, string help, string type, decimal value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
    }
}
