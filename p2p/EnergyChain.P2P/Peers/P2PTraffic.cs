namespace EnergyChain.P2P.Peers;

/// <summary>
/// Bytes this process sent to and received from its peers, framing and encryption included (the frames after the
/// handshake; the handshake's few hundred bytes per connection are not counted). Process-wide: a node runs one
/// peer network per process, which is what <c>GET /metrics</c> reports (energychain_p2p_bytes_*_total) and what the
/// consensus benchmark divides by the transfers it sent.
/// </summary>
public static class P2PTraffic
{
    private static long _sent;
    private static long _received;

    public static long BytesSent => Interlocked.Read(ref _sent);

    public static long BytesReceived => Interlocked.Read(ref _received);

    internal static void AddSent(long bytes) => Interlocked.Add(ref _sent, bytes);

    internal static void AddReceived(long bytes) => Interlocked.Add(ref _received, bytes);
}
