namespace EnergyChain.Consensus.Engine;

/// <summary>
/// A GET route an engine serves on the node's API, e.g. <c>/v1/coalitions</c>. <see cref="AbsentReason"/> completes
/// the 404 a node under another engine answers: "the pos engine <c>forms no coalitions</c> (only poeg does)".
/// </summary>
public sealed record EngineRoute(string Path, string Summary, string AbsentReason);
