using System.Globalization;
using System.Net;

namespace EnergyChain.Node.Hosting;

/// <summary>Parses HOST:PORT for listeners.</summary>
public static class ApiEndpoint
{
    public static bool TryParse(string? text, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0)
        {
            error = $"'{text}' is not HOST:PORT (e.g. 127.0.0.1:8645)";
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (host == "localhost")
        {
            host = "127.0.0.1";
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            error = $"'{host}' is not an IP address";
            return false;
        }

        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"'{text[(colon + 1)..]}' is not a port number";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        error = string.Empty;
        return true;
    }
}
