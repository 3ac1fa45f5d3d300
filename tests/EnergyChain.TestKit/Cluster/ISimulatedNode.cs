namespace EnergyChain.TestKit.Cluster;

/// <summary>A node inside a simulation: it reacts to its start, to messages and to its own timers.</summary>
public interface ISimulatedNode
{
    /// <summary>Called when the node (re)starts; keep the context to send and to read the clock.</summary>
    void Start(SimulatedNodeContext context);

    void Receive(int from, byte[] message);

    /// <summary>Called on a crash: drop everything that is not persisted.</summary>
    void Stop();
}
