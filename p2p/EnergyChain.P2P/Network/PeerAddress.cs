using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace EnergyChain.P2P.Network;

/// <summary>A host (name or IP literal) and TCP port to dial.</summary>
public readonly record struct PeerAddress(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public static PeerAddress FromEndPoint(IPEndPoint endPoint) => new(endPoint.Address.ToString(), endPoint.Port);

    /// <summary>Parses <c>host:port</c> or <c>[v6]:port</c>.</summary>
    public static bool TryParse(string? text, out PeerAddress address, [NotNullWhen(false)] out string? error)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty address; expected HOST:PORT";
            return false;
        }

        text = text.Trim();
        string host;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"'{text}' is not [IPv6]:PORT";
                return false;
            }

            host = text[1..close];
            portText = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = $"'{text}' is not HOST:PORT";
                return false;
            }

            host = text[..colon];
            portText = text[(colon + 1)..];
        }

        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"'{text}': port must be 1..65535";
            return false;
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            error = $"'{text}': '{host}' is not a host name or IP address";
            return false;
        }

        address = new PeerAddress(host, port);
        error = null;
        return true;
    }

    public static PeerAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);
}
