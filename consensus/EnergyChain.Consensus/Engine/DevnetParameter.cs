namespace EnergyChain.Consensus.Engine;

/// <summary>A genesis <c>consensus.params</c> key a devnet sets from an option of its own, e.g. <c>--market-slot-blocks</c>.</summary>
public sealed record DevnetParameter(string Option, string Parameter, ulong Default, ulong Min, ulong Max, string Description);
