using System.Globalization;
using System.Text.Json;

namespace EnergyChain.Wallet.Api;

/// <summary>Reads fields of the node's JSON answers, with a clear error when one is missing or mistyped.</summary>
internal static class NodeViews
{
    public static string String(JsonElement json, string name, string what) =>
        Find(json, name) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw Unexpected(what, name, "a string");

    public static string? OptionalString(JsonElement json, string name) =>
        Find(json, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>An unsigned 64-bit number (amounts, nonces, heights); decimal strings are accepted too.</summary>
    public static ulong UInt(JsonElement json, string name, string what) =>
        OptionalUInt(json, name) ?? throw Unexpected(what, name, "an unsigned integer");

    public static ulong? OptionalUInt(JsonElement json, string name) => Find(json, name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetUInt64(out var v) => v,
        { ValueKind: JsonValueKind.String } s when ulong.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    /// <summary>A signed 64-bit number: net results and payoffs are negative when a household loses.</summary>
    public static long? OptionalInt(JsonElement json, string name) => Find(json, name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var v) => v,
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    public static JsonElement? Find(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Any scalar as display text ("-" when missing or null).</summary>
    public static string Text(JsonElement json, string name) => Find(json, name) switch
    {
        null => "-",
        { ValueKind: JsonValueKind.Null } => "-",
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { } other => other.GetRawText(),
    };

    private static WalletException Unexpected(string what, string name, string kind) =>
        new($"unexpected answer from the node: {what} has no field '{name}' with {kind}");

    /// <summary>The chain id from <c>GET /v1/status</c>.</summary>
    public static string ChainId(JsonElement status) => String(status, "chainId", "the status");
}
