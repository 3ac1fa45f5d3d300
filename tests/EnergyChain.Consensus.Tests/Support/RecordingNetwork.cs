using EnergyChain.Consensus.Bft;

namespace EnergyChain.Consensus.Tests.Support;

/// <summary>A replica's network that delivers nothing and keeps what the replica sent, decoded, in order.</summary>
internal sealed class RecordingNetwork : IReplicaNetwork
{
    public List<BftMessage> Sent { get; } = [];

    public void Broadcast(byte[] message) => Sent.Add(BftCodec.Decode(message));

    public void Send(object peer, byte[] message) => Sent.Add(BftCodec.Decode(message));
}
