namespace EnergyChain.Consensus.Bft;

/// <summary>How the replica reaches the other members. <c>peer</c> is whatever <see cref="Replica.Receive"/> was given.</summary>
public interface IReplicaNetwork
{
    void Broadcast(byte[] message);

    void Send(object peer, byte[] message);
}
