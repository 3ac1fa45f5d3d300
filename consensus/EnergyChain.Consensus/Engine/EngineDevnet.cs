namespace EnergyChain.Consensus.Engine;

/// <summary>
/// What <c>energychain-node devnet</c> sets up for an engine: the participants it simulates (households, EVs), the
/// genesis parameters it exposes as devnet options with devnet-friendly defaults, and the ones it always sets.
/// </summary>
public sealed record EngineDevnet
{
    /// <summary>An engine whose devnet simulates nobody and sets no parameters.</summary>
    public static EngineDevnet None { get; } = new();

    /// <summary>The simulated participants, one per node; null when the engine needs none.</summary>
    public DevnetParticipants? Participants { get; init; }

    /// <summary>Genesis <c>consensus.params</c> keys the devnet sets from options of its own.</summary>
    public IReadOnlyList<DevnetParameter> Parameters { get; init; } = [];

    /// <summary>Further <c>consensus.params</c> a devnet always sets, as raw JSON values by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FixedParameters { get; init; } = [];

    /// <summary>What the engine's part of <c>/v1/consensus</c> shows, for the commands a devnet suggests; null: nothing.</summary>
    public string? ConsensusSummary { get; init; }
}
