namespace EnergyChain.TestKit.Cluster;

/// <summary>
/// N nodes wired through a simulated network and one virtual clock, all on one thread: seeded delays and drops,
/// partitions, crashes and restarts. The same seed and the same node code give the same run, message for message,
/// so a failing seed replays exactly (<see cref="Fingerprint"/> makes that checkable).
/// </summary>
public sealed class SimulatedCluster
{
    private readonly List<NodeSlot> _nodes = [];
    private readonly Random _random;
    private readonly Dictionary<(int From, int To), DateTimeOffset> _lastDelivery = [];
    private int[]? _partitionOf;
    private ulong _fingerprint = 14_695_981_039_346_656_037;

    public SimulatedCluster(int seed, NetworkConditions? conditions = null, DateTimeOffset? start = null)
    {
        Seed = seed;
        _random = new Random(seed);
        Conditions = conditions ?? new NetworkConditions();
        Scheduler = new SimulatedScheduler(start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public int Seed { get; }

    public NetworkConditions Conditions { get; set; }

    public SimulatedScheduler Scheduler { get; }

    public int Count => _nodes.Count;

    public long Delivered { get; private set; }

    public long Dropped { get; private set; }

    /// <summary>A running hash of every delivery (time, sender, receiver, size): equal for equal runs, in any process.</summary>
    public ulong Fingerprint => _fingerprint;

    public ISimulatedNode Node(int id) => _nodes[id].Node;

    public bool IsRunning(int id) => _nodes[id].Running;

    /// <summary>Adds a node; it starts with <see cref="Start"/>, or alone with <see cref="StartNode"/> (a node joining a running cluster).</summary>
    public int Add(ISimulatedNode node)
    {
        var id = _nodes.Count;
        var slot = new NodeSlot(node);
        slot.Context = new SimulatedNodeContext(this, id, new SimulatedClock(Scheduler, () => slot.Running));
        _nodes.Add(slot);
        return id;
    }

    /// <summary>Starts every node that is not running; they are all up before the first one runs its start code.</summary>
    public void Start()
    {
        var starting = _nodes.Where(n => !n.Running).ToList();
        foreach (var slot in starting)
        {
            slot.Running = true;
        }

        foreach (var slot in starting)
        {
            slot.Node.Start(slot.Context!);
        }
    }

    /// <summary>Starts one node that never ran (one added while the others run); crashed ones come back with <see cref="Restart"/>.</summary>
    public void StartNode(int id)
    {
        var slot = _nodes[id];
        if (slot.Running)
        {
            throw new InvalidOperationException($"node {id} is running");
        }

        slot.Running = true;
        slot.Node.Start(slot.Context!);
    }

    /// <summary>Splits the nodes into groups that cannot reach each other (messages in flight across groups are lost).</summary>
    public void Partition(params int[][] groups)
    {
        var partitionOf = Enumerable.Repeat(-1, Count).ToArray();
        for (var g = 0; g < groups.Length; g++)
        {
            foreach (var id in groups[g])
            {
                partitionOf[id] = g;
            }
        }

        if (partitionOf.Contains(-1))
        {
            throw new ArgumentException("every node must be in exactly one group");
        }

        _partitionOf = partitionOf;
    }

    public void Heal() => _partitionOf = null;

    /// <summary>Stops a node: its timers go quiet and messages to and from it are lost until <see cref="Restart"/>.</summary>
    public void Crash(int id)
    {
        var slot = _nodes[id];
        if (slot.Running)
        {
            slot.Running = false;
            slot.Node.Stop();
        }
    }

    /// <summary>Restarts a crashed node, optionally as a new instance (rebuilt from what it persisted).</summary>
    public void Restart(int id, ISimulatedNode? replacement = null)
    {
        var slot = _nodes[id];
        if (slot.Running)
        {
            throw new InvalidOperationException($"node {id} is running");
        }

        slot.Node = replacement ?? slot.Node;
        slot.Running = true;
        slot.Node.Start(slot.Context!);
    }

    public bool RunUntil(Func<bool> until, TimeSpan limit) => Scheduler.RunUntil(until, limit);

    public void RunFor(TimeSpan duration) => Scheduler.RunFor(duration);

    internal void Send(int from, int to, byte[] message)
    {
        if (!CanReach(from, to) || (Conditions.DropPpm > 0 && _random.Next(1_000_000) < Conditions.DropPpm))
        {
            Dropped++;
            return;
        }

        var span = (Conditions.MaxDelay - Conditions.MinDelay).Ticks;
        var delay = Conditions.MinDelay + TimeSpan.FromTicks(span <= 0 ? 0 : _random.NextInt64(span + 1));
        var due = Scheduler.Now + delay;
        if (Conditions.PreserveLinkOrder)
        {
            if (_lastDelivery.TryGetValue((from, to), out var last) && due <= last)
            {
                due = last + TimeSpan.FromTicks(1);
            }

            _lastDelivery[(from, to)] = due;
        }

        Scheduler.Schedule(due - Scheduler.Now, () => Deliver(from, to, message));
    }

    private void Deliver(int from, int to, byte[] message)
    {
        // Checked again on arrival: a partition or crash that happened in flight loses the message.
        if (!CanReach(from, to))
        {
            Dropped++;
            return;
        }

        Delivered++;
        Mix((ulong)Scheduler.Now.UtcTicks);
        Mix(((ulong)(uint)from << 32) | (uint)to);
        Mix((ulong)message.Length);
        _nodes[to].Node.Receive(from, message);
    }

    // FNV-1a over 64-bit words: unlike HashCode it is the same in every process, so runs can be compared across them.
    private void Mix(ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            _fingerprint = (_fingerprint ^ ((value >> (8 * i)) & 0xFF)) * 1_099_511_628_211;
        }
    }

    private bool CanReach(int from, int to) =>
        _nodes[from].Running && _nodes[to].Running && (_partitionOf is null || _partitionOf[from] == _partitionOf[to]);

    private sealed class NodeSlot(ISimulatedNode node)
    {
        public ISimulatedNode Node { get; set; } = node;

        public bool Running { get; set; }

        public SimulatedNodeContext? Context { get; set; }
    }
}
