using System.Buffers.Binary;
using EnergyChain.TestKit.Cluster;

namespace EnergyChain.Core.Tests.Simulation;

/// <summary>The test kit's simulated network and clock, exercised with a tiny "adopt the largest value" protocol.</summary>
public sealed class SimulatedClusterTests
{
    [Fact]
    public void The_same_seed_replays_the_same_run_and_another_seed_differs()
    {
        var first = Run(seed: 42);
        var again = Run(seed: 42);
        var other = Run(seed: 43);
        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.Equal(first.Delivered, again.Delivered);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void A_partition_keeps_values_apart_until_it_heals()
    {
        var cluster = new SimulatedCluster(7);
        var nodes = Enumerable.Range(0, 4).Select(i => new MaxNode((ulong)(i + 1) * 10)).ToArray();
        foreach (var node in nodes)
        {
            cluster.Add(node);
        }

        cluster.Partition([0, 1], [2, 3]);
        cluster.Start();
        cluster.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal([20UL, 20, 40, 40], nodes.Select(n => n.Value));

        cluster.Heal();
        Assert.True(cluster.RunUntil(() => nodes.All(n => n.Value == 40), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_crashed_node_hears_nothing_and_its_timers_stay_quiet_until_it_restarts()
    {
        var cluster = new SimulatedCluster(3);
        var nodes = Enumerable.Range(0, 3).Select(i => new MaxNode((ulong)i)).ToArray();
        foreach (var node in nodes)
        {
            cluster.Add(node);
        }

        cluster.Start();
        cluster.Crash(0);
        var ticksBefore = nodes[0].Ticks;
        nodes[2].Value = 99;
        cluster.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(ticksBefore, nodes[0].Ticks);
        Assert.Equal(0UL, nodes[0].Value);
        Assert.Equal(99UL, nodes[1].Value);

        cluster.Restart(0);
        Assert.True(cluster.RunUntil(() => nodes[0].Value == 99, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Dropping_every_message_delivers_none_and_delays_stay_within_bounds()
    {
        var lossy = new SimulatedCluster(1, new NetworkConditions { DropPpm = 1_000_000 });
        lossy.Add(new MaxNode(1));
        lossy.Add(new MaxNode(2));
        lossy.Start();
        lossy.RunFor(TimeSpan.FromSeconds(3));
        Assert.Equal(0, lossy.Delivered);
        Assert.True(lossy.Dropped > 0);

        var cluster = new SimulatedCluster(1, new NetworkConditions { MinDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(100) });
        var receiver = new MaxNode(0);
        cluster.Add(new MaxNode(5));
        cluster.Add(receiver);
        cluster.Start();
        // The first broadcast leaves at 1 ms, so it lands at exactly 101 ms.
        cluster.RunFor(TimeSpan.FromMilliseconds(100.9));
        Assert.Equal(0UL, receiver.Value);
        cluster.RunFor(TimeSpan.FromMilliseconds(0.1));
        Assert.Equal(5UL, receiver.Value);
    }

    private static SimulatedCluster Run(int seed)
    {
        var cluster = new SimulatedCluster(seed, new NetworkConditions { DropPpm = 100_000 });
        for (var i = 0; i < 5; i++)
        {
            cluster.Add(new MaxNode((ulong)(i * 7 % 5)));
        }

        cluster.Start();
        cluster.RunFor(TimeSpan.FromSeconds(10));
        return cluster;
    }

    /// <summary>Broadcasts its value at start and every second; adopts any larger value it hears.</summary>
    private sealed class MaxNode(ulong value) : ISimulatedNode
    {
        private SimulatedNodeContext? _context;
        private ITimer? _timer;

        public ulong Value { get; set; } = value;

        public int Ticks { get; private set; }

        public void Start(SimulatedNodeContext context)
        {
            _context = context;
            _timer = context.Time.CreateTimer(_ => Tick(), null, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        }

        public void Receive(int from, byte[] message) => Value = Math.Max(Value, BinaryPrimitives.ReadUInt64BigEndian(message));

        public void Stop() => _timer?.Dispose();

        private void Tick()
        {
            Ticks++;
            var message = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(message, Value);
            _context!.Broadcast(message);
        }
    }
}
