namespace EnergyChain.Consensus.Engine;

/// <summary>The query string of a request to an engine route: each parameter's first value, by name (ordinal).</summary>
public sealed class EngineQuery(IReadOnlyDictionary<string, string> values)
{
    public static EngineQuery Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The parameter's value, or null when the request does not carry it.</summary>
    public string? this[string name] => values.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when the parameter is "true" (any case); a flag like <c>?weights=true</c>.</summary>
    public bool Flag(string name) => string.Equals(this[name], "true", StringComparison.OrdinalIgnoreCase);
}
