namespace EnergyChain.Consensus.Engine;

/// <summary>Answers one request to an engine route from the node's current state.</summary>
public delegate EngineResponse EngineRouteHandler(EngineQuery query);
