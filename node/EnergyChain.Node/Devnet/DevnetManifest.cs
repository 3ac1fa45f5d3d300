using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergyChain.Node.Devnet;

/// <summary>
/// <c>DIR/devnet.json</c>: where the devnet's nodes are, for scripts, benchmarks and tests. Written (atomically)
/// once every node answers <c>/v1/status</c> with <see cref="State"/> <c>running</c>, and rewritten with
/// <c>stopped</c> or <c>failed</c> when the devnet ends.
/// </summary>
public sealed record DevnetManifest
{
    public const string FileName = "devnet.json";

    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Failed = "failed";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Engine { get; init; }

    public required string ChainId { get; init; }

    /// <summary>Hash of the genesis content (what peers compare in the handshake).</summary>
    public string? GenesisHash { get; init; }

    /// <summary>Absolute path of the genesis every node was given.</summary>
    public required string Genesis { get; init; }

    /// <summary>Number of funded load/test accounts.</summary>
    public required int Accounts { get; init; }

    /// <summary>Account i's key is <c>PrivateKey.FromSeed(AccountSeedPrefix + i)</c>.</summary>
    public required string AccountSeedPrefix { get; init; }

    public int BlockIntervalMs { get; init; }

    /// <summary><c>running</c>, <c>stopped</c> or <c>failed</c>.</summary>
    public string State { get; init; } = Running;

    public required IReadOnlyList<DevnetNodeEntry> Nodes { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    public static DevnetManifest Parse(string json) =>
        JsonSerializer.Deserialize<DevnetManifest>(json, JsonOptions) ?? throw new JsonException("empty devnet.json");

    public static DevnetManifest Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Writes to a temporary file in the same directory, then renames it over <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(ToJson());
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
