using EnergyChain.P2P.Tests.Support;
using Xunit.Abstractions;

namespace EnergyChain.P2P.Tests.Network;

/// <summary>
/// The flood runs alone (its collection disables parallelization) because it measures process memory and
/// ping latency (see <see cref="HostileFlood"/> for what is sent). Volume: ENERGYCHAIN_FLOOD_MB (default 200).
/// Latency is printed, never asserted; memory growth must stay under 256 MiB.
/// </summary>
[Collection(nameof(HostileFloodCollection))]
public sealed class HostileFloodTests(ITestOutputHelper output)
{
    private const long MemoryBound = 256L * 1024 * 1024;

    [Fact]
    public async Task A_large_junk_flood_keeps_memory_bounded_and_honest_pings_flowing()
    {
        // One hostile member key per 150 MiB of authenticated traffic: a key's byte budget (PeerNetworkOptions.ByteRate,
        // a 128 MiB burst plus 64 MiB/s) bans it for flooding a little beyond that, and then the next key goes on.
        var hostileKeys = Math.Clamp((HostileFlood.Megabytes + 149) / 150, 2, 64);
        await using var net = await HostileNetwork.StartAsync(members: 2 + hostileKeys);
        var link = net.HonestLink;
        using (var warmup = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            for (var i = 0; i < 5; i++)
            {
                await link.PingAsync(warmup.Token);
            }
        }

        var flood = new HostileFlood(net);
        var target = HostileFlood.Megabytes * 1024L * 1024;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var monitor = new HostileFloodMonitor(link);
        await flood.RunAsync(target, net.Members.Keys[2..]);
        await monitor.StopAsync();

        clock.Stop();
        var pushed = flood.AuthenticatedBytes + flood.JunkBytes;
        output.WriteLine($"flood target {HostileFlood.Mb(target)}, pushed {HostileFlood.Mb(pushed)} in {clock.Elapsed.TotalSeconds:F1} s "
            + $"(authenticated {HostileFlood.Mb(flood.AuthenticatedBytes)} in {flood.AuthenticatedMessages} announces, junk {HostileFlood.Mb(flood.JunkBytes)})");
        output.WriteLine(flood.Log.TrimEnd());
        output.WriteLine($"honest ping during the flood: {monitor.PingsMs.Count} ok, {monitor.PingFailures} failed, "
            + $"p50 {monitor.Percentile(50):F2} ms, p99 {monitor.Percentile(99):F2} ms, max {monitor.Percentile(100):F2} ms");
        output.WriteLine($"managed heap: baseline {HostileFlood.Mb(monitor.BaselineManaged)}, peak {HostileFlood.Mb(monitor.PeakManaged)} "
            + $"(+{HostileFlood.Mb(monitor.PeakManaged - monitor.BaselineManaged)}); working set: baseline {HostileFlood.Mb(monitor.BaselineWorkingSet)}, "
            + $"peak {HostileFlood.Mb(monitor.PeakWorkingSet)} (+{HostileFlood.Mb(monitor.PeakWorkingSet - monitor.BaselineWorkingSet)})");

        Assert.True(pushed >= target, $"only {HostileFlood.Mb(pushed)} of {HostileFlood.Mb(target)} pushed");
        Assert.True(monitor.PingFailures == 0, $"honest pings failed during the flood: {monitor.FirstPingFailure}");
        Assert.NotEmpty(monitor.PingsMs);
        Assert.True(monitor.PeakManaged - monitor.BaselineManaged < MemoryBound, "the managed heap grew by more than 256 MiB: the flood is being buffered");
        Assert.True(monitor.PeakWorkingSet - monitor.BaselineWorkingSet < MemoryBound, "the working set grew by more than 256 MiB: the flood is being buffered");
        foreach (var key in flood.KeysUsed)
        {
            Assert.True(net.Producer.Network.Scores.IsBanned(key.PublicKey), "a flooding member key was not banned");
            await Eventually.TrueAsync(() => !net.Producer.Network.IsConnected(key.PublicKey), "the banned flooding member was dropped");
        }

        Assert.True(net.Producer.Network.AddressScores.IsBanned(HostileFlood.JunkSource), "the junk-sending address was not banned");
        await net.AssertHonestPeersWorkAsync(link);
    }
}
