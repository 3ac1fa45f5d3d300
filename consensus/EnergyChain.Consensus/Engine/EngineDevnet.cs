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

    /// <summary>
    /// Whether every participant also has a meter: a key of its own, registered with it in genesis
    /// (<see cref="Core.Genesis.GenesisMember.Meter"/>), that the engine takes readings from. The devnet then makes one
    /// per node and lets the simulation sign with it (<see cref="ParticipantKey.Meter"/>).
    /// </summary>
    public bool ParticipantMeters { get; init; }

    /// <summary>
    /// A string field of the engine's part of <c>/v1/consensus</c> that sums up, in one line, what the participants
    /// achieved so far (e.g. the last settled market slot); the devnet prints it with its progress line whenever it
    /// changes. Null: the engine has none.
    /// </summary>
    public string? ProgressField { get; init; }
}
