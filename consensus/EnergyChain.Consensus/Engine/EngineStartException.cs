namespace EnergyChain.Consensus.Engine;

/// <summary>An engine cannot start on this node as it is configured (a setup error the operator fixes, not a bug).</summary>
public sealed class EngineStartException(string message) : Exception(message);
