namespace EnergyChain.Consensus.Engine;

/// <summary>One key of genesis <c>consensus.params</c>: its JSON type, the value used when it is absent, and what it does.</summary>
public sealed record EngineParameterInfo(string Name, string Type, string Default, string Description);
