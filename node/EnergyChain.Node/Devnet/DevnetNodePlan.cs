using EnergyChain.Core.Crypto;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Devnet;

/// <summary>
/// One node of a prepared devnet: its home (made by <c>init</c>), the loopback ports it will use, and the address of
/// its participant's meter when the engine's participants have meters (<see cref="MeterKeyPath"/> holds its key).
/// </summary>
public sealed record DevnetNodePlan(string Name, NodeHome Home, int ApiPort, int P2pPort, Address Address, Address? Meter = null, int GrpcPort = 0)
{
    /// <summary>The file name of a meter's key in the node's home.</summary>
    public const string MeterKeyFile = "meter.key";

    public string Api => $"127.0.0.1:{ApiPort}";

    public string ApiUrl => $"http://127.0.0.1:{ApiPort}";

    public string P2p => $"127.0.0.1:{P2pPort}";

    /// <summary>HOST:PORT of the gRPC API (what <c>ecw --node</c> takes), or <c>off</c> when it has no port.</summary>
    public string Grpc => GrpcPort == 0 ? NodeConfig.GrpcOff : $"127.0.0.1:{GrpcPort}";

    public string LogPath => Path.Combine(Home.Root, "node.log");

    /// <summary>Where the meter's key is (hex, mode 0600, as <c>node.key</c>); the file exists only when <see cref="Meter"/> is set.</summary>
    public string MeterKeyPath => Path.Combine(Home.Root, MeterKeyFile);
}
