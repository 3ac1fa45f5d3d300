using System.Net;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>
/// One DNS-SD service instance: <c>InstanceName._energychain._tcp.local</c> on <c>HostName</c> (with or
/// without ".local" when advertising; the browser reports it with) at <c>Port</c>.
/// </summary>
/// <remarks>
/// Record equality compares the lists and dictionaries by reference; <see cref="SameAs"/> compares contents.
/// </remarks>
public sealed record MdnsServiceInstance(
    string InstanceName,
    string HostName,
    int Port,
    IReadOnlyList<IPAddress> Addresses,
    IReadOnlyDictionary<string, string> Txt)
{
    /// <summary>Same name (ignoring case), host, port, set of addresses and TXT pairs.</summary>
    public bool SameAs(MdnsServiceInstance other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(InstanceName, other.InstanceName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(HostName, other.HostName, StringComparison.OrdinalIgnoreCase)
            && Port == other.Port
            && Addresses.ToHashSet().SetEquals(other.Addresses)
            && Txt.Count == other.Txt.Count
            && Txt.All(p => other.Txt.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    public override string ToString() =>
        $"{InstanceName} at {HostName}:{Port} [{string.Join(", ", Addresses)}] {{{string.Join(", ", Txt.Select(p => $"{p.Key}={p.Value}"))}}}";
}

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
