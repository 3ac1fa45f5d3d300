using System.Net;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>The EnergyChain DNS-SD service and the keys of its TXT record (RFC 6763 s6).</summary>
public static class EnergyChainService
{
    public const string ServiceType = "_energychain._tcp.local";

    /// <summary>TXT key of the TXT format version (RFC 6763 s6.7: "txtvers"-style key first).</summary>
    public const string VersionKey = "v";

    public const string Version = "1";

    /// <summary>TXT key of the chain id, so nodes skip peers of other chains before dialing.</summary>
    public const string ChainKey = "chain";

    /// <summary>TXT key of the node's compressed secp256k1 public key in hex, checked again in the handshake.</summary>
    public const string PublicKeyKey = "key";

    /// <summary>An instance advertising an EnergyChain node, with the TXT keys in their documented order.</summary>
    public static MdnsServiceInstance Create(
        string instanceName, string hostName, int port, IReadOnlyList<IPAddress> addresses, string chainId, string nodePublicKeyHex) =>
        new(instanceName, hostName, port, addresses, new Dictionary<string, string>
        {
            [VersionKey] = Version,
            [ChainKey] = chainId,
            [PublicKeyKey] = nodePublicKeyHex,
        });
}
