using System.Globalization;
using System.Text.Json;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// A strict reader for an engine's parameter object (<see cref="Core.Genesis.GenesisDocument.EngineParametersJson"/>):
/// every field must be known (<see cref="EnsureAllRead"/>), appear once and have the right type and range.
/// Whole numbers may be JSON integers or decimal strings (strings keep values above 2^53 exact); fractions and
/// exponents are rejected. Engines parse their parameter records with it.
/// </summary>
public sealed class StrictJsonParameters
{
    /// <summary>Where the parameters live in the genesis file; error messages start with it.</summary>
    public const string PathPrefix = "consensus.params";

    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private StrictJsonParameters(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!_fields.TryAdd(property.Name, property.Value.Clone()))
            {
                throw new EngineParameterException(property.Name, "listed twice");
            }
        }
    }

    /// <summary>Parses <paramref name="json"/>, which must be a JSON object (empty means all defaults).</summary>
    public static StrictJsonParameters Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            json = "{}";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new EngineParameterException(string.Empty, "expected a JSON object");
            }

            return new StrictJsonParameters(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new EngineParameterException(string.Empty, $"not valid JSON: {e.Message}", e);
        }
    }

    public bool Has(string field) => _fields.ContainsKey(field);

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public ulong UInt64(string field, ulong fallback, ulong min, ulong max)
    {
        if (!TryTake(field, out var value))
        {
            return fallback;
        }

        ulong number;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetUInt64(out number),
            JsonValueKind.String => ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number),
            _ => (number = 0) == 1,
        };
        if (!ok || number < min || number > max)
        {
            throw new EngineParameterException(field, $"expected a whole number from {min} to {max}");
        }

        return number;
    }

    /// <summary>A string, or <c>null</c> when absent.</summary>
    public string? OptionalString(string field)
    {
        if (!TryTake(field, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new EngineParameterException(field, "expected a string");
    }

    /// <summary>Marks <paramref name="field"/> as rejected: present means an error with <paramref name="problem"/>.</summary>
    public void Forbid(string field, string problem)
    {
        if (_fields.ContainsKey(field))
        {
            throw new EngineParameterException(field, problem);
        }
    }

    /// <summary>Throws for the first (ordinal order) field nobody asked for: a typo must not silently become a default.</summary>
    public void EnsureAllRead(string engine, IEnumerable<string> known)
    {
        var unknown = _fields.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (unknown is not null)
        {
            throw new EngineParameterException(
                unknown, $"unknown field for engine '{engine}' (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
        }
    }

    private bool TryTake(string field, out JsonElement value)
    {
        _read.Add(field);
        return _fields.TryGetValue(field, out value);
    }
}
