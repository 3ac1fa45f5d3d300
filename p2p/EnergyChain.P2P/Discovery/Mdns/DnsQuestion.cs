namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>A question; <paramref name="UnicastResponse"/> is the QU bit.</summary>
public sealed record DnsQuestion(DnsName Name, DnsRecordType Type, int Class = DnsClass.Internet, bool UnicastResponse = false);
