namespace EnergyChain.LoadGen;

/// <summary>Settings of one cluster run.</summary>
internal sealed record ClusterSettings(string Engine, int Nodes, int Rate, int Seconds, int Accounts, int Concurrency, int BlockIntervalMs, string? Home, int WarmupSeconds = 0);
