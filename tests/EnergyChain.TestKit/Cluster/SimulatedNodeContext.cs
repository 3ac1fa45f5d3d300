namespace EnergyChain.TestKit.Cluster;

/// <summary>What a simulated node can do: send, broadcast, read its clock (timers through <see cref="Time"/>).</summary>
public sealed class SimulatedNodeContext
{
    private readonly SimulatedCluster _cluster;

    internal SimulatedNodeContext(SimulatedCluster cluster, int id, SimulatedClock time)
    {
        _cluster = cluster;
        Id = id;
        Time = time;
    }

    public int Id { get; }

    /// <summary>The virtual clock; its timers stop firing while the node is crashed.</summary>
    public SimulatedClock Time { get; }

    public IEnumerable<int> Peers => Enumerable.Range(0, _cluster.Count).Where(i => i != Id);

    public void Send(int to, byte[] message) => _cluster.Send(Id, to, message);

    public void Broadcast(byte[] message)
    {
        foreach (var peer in Peers)
        {
            _cluster.Send(Id, peer, message);
        }
    }
}
