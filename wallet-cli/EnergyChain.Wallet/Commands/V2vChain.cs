using System.Globalization;
using System.Text.Json;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// What the V2V commands need from the <c>posoc</c> part of <c>GET /v1/consensus</c>: the hour of the next block
/// (an intent must target a later hour), the charging sites (index = site id), the last matched and settled
/// hours, and the federated round (<c>ecw ev auto</c> retrains when it changes).
/// </summary>
internal sealed record V2vChain(ulong Hour, ulong Round, IReadOnlyList<string> Sites, ulong? LastMatchedHour, ulong? LastSettledHour)
{
    /// <summary>How far ahead an intent may target: the chain takes hours current+1 .. current+24.</summary>
    public const ulong IntentHorizonHours = 24;

    /// <summary>The longest availability window the chain takes, in hours.</summary>
    public const ulong MaxWindowHours = 24;

    public static async Task<V2vChain> ReadAsync(WalletContext context) =>
        From(await context.Node.GetConsensusAsync(context.Cancellation).ConfigureAwait(false));

    /// <summary>
    /// Any engine but posoc has no V2V trading, and a posoc node without a site list predates it; both are said
    /// here rather than as a confusing refusal of the transaction later.
    /// </summary>
    public static V2vChain From(JsonElement consensus)
    {
        if (NodeViews.Find(consensus, "posoc") is not { ValueKind: JsonValueKind.Object } posoc)
        {
            throw new WalletException($"the node runs the '{NodeViews.Text(consensus, "engine")}' engine; only posoc has V2V energy trading");
        }

        if (NodeViews.Find(posoc, "sites") is not { ValueKind: JsonValueKind.Array } sites)
        {
            throw new WalletException("the node's posoc engine lists no charging sites (posoc.sites in /v1/consensus): it predates V2V trading");
        }

        return new V2vChain(
            NodeViews.UInt(posoc, "hour", "the posoc consensus view"),
            NodeViews.OptionalUInt(posoc, "round") ?? 0,
            [.. sites.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()! : s.GetRawText())],
            NodeViews.OptionalUInt(posoc, "lastMatchedHour"),
            NodeViews.OptionalUInt(posoc, "lastSettledHour"));
    }

    /// <summary>
    /// A site named on the command line by name (case-insensitive) or index. A name wins over an index, so a site
    /// called "2" is never taken for the third one. An unknown site is a usage error that lists the sites.
    /// </summary>
    public uint Site(string text, string option)
    {
        var value = text.Trim();
        for (var i = 0; i < Sites.Count; i++)
        {
            if (string.Equals(Sites[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return (uint)i;
            }
        }

        if (Sites.Count == 0)
        {
            throw WalletException.Usage($"{option}: the chain has no charging sites");
        }

        if (value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Sites.Count
                ? index
                : throw WalletException.Usage($"{option}: there is no site {value}; the chain's sites are {SiteList()}");
        }

        throw WalletException.Usage($"{option}: unknown site '{value}'; the chain's sites are {SiteList()}");
    }

    /// <summary>"depot (0)", or "site 7" for an index the chain does not list.</summary>
    public string SiteName(ulong site) =>
        site < (ulong)Sites.Count ? $"{Sites[(int)site]} ({site.ToString(CultureInfo.InvariantCulture)})" : $"site {site.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"0 depot, 1 mall, 2 office".</summary>
    private string SiteList() => string.Join(", ", Sites.Select((name, i) => $"{i.ToString(CultureInfo.InvariantCulture)} {name}"));
}
