using EnergyChain.Consensus.Market;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// One household's order in a cleared market slot: its address, its location and forecast (the coalition-formation
/// input) and its price limits in micro-units per Wh (defaults applied). Participants are in address order.
/// </summary>
public readonly record struct MarketParticipant(Address Address, ProsumerInput Input, ulong MinSellMicroPerWh = 0, ulong MaxBuyMicroPerWh = 0);
