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
