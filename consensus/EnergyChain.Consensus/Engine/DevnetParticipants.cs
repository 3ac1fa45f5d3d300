namespace EnergyChain.Consensus.Engine;

/// <summary>
/// The participants a devnet simulates for an engine, one per node, e.g. <c>--households</c> under poeg. The option
/// sets how many there are (and with it the node count).
/// </summary>
/// <param name="Option">The devnet option, e.g. <c>--households</c>.</param>
/// <param name="Noun">One participant, e.g. "household", for messages.</param>
/// <param name="Description">The option's help text.</param>
/// <param name="Create">Makes the simulation; it runs against the nodes' APIs until the devnet stops.</param>
public sealed record DevnetParticipants(string Option, string Noun, string Description, Func<IDevnetSimulation> Create);
