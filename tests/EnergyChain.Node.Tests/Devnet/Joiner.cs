using System.Text.RegularExpressions;
using EnergyChain.Node.Devnet;

namespace EnergyChain.Node.Tests.Devnet;

/// <summary>An <c>energychain-node join</c> process as a test sees it: its home, addresses and what it printed.</summary>
internal sealed partial class Joiner(string name, string home, string api, string p2p)
{
    public string Name { get; } = name;

    public string Home { get; } = home;

    public string Api { get; } = api;

    public string P2p { get; } = p2p;

    /// <summary>The node address the command printed, once it has.</summary>
    public string? Address { get; private set; }

    public DevnetNodeEntry Entry => new() { Name = Name, Api = Api, P2p = P2p, Home = Home, Address = Address };

    public void Capture(string? line, Action<string?> also)
    {
        if (line is null)
        {
            return;
        }

        also($"[{Name}] {line}");
        if (AddressLine().Match(line) is { Success: true } match)
        {
            Address = match.Groups[1].Value;
        }
    }

    [GeneratedRegex(@"node address\s+(ec[0-9a-z]+)")]
    private static partial Regex AddressLine();
}
