using EnergyChain.Node.Api;

namespace EnergyChain.Node.Tests.Api;

public sealed class NodeMetricsTests
{
    [Fact]
    public void Before_the_first_collection_the_heap_gauge_reports_the_bytes_in_use()
    {
        // A process that has not collected yet gets an empty GCMemoryInfo (heap size 0) from the runtime.
        Assert.Equal(12_345, NodeMetrics.ManagedHeapBytes(heapAfterLastCollection: 0, bytesInUse: 12_345));
    }

    [Fact]
    public void After_a_collection_the_heap_gauge_reports_what_the_collection_left()
    {
        GC.Collect();
        var info = GC.GetGCMemoryInfo();
        Assert.True(info.HeapSizeBytes > 0);
        Assert.Equal(info.HeapSizeBytes, NodeMetrics.ManagedHeapBytes(info.HeapSizeBytes, bytesInUse: 1));
    }
}
