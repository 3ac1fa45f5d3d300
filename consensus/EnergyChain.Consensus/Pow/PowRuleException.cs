namespace EnergyChain.Consensus.Pow;

/// <summary>Chain data that proof-of-work rules cannot be evaluated on (missing ancestors, a malformed seal).</summary>
public sealed class PowRuleException(string message) : Exception(message);
