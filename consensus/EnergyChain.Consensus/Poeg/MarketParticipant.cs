using EnergyChain.Consensus.Market;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Poeg;

/// <summary>One household's input to a settled market slot, with its address (inputs are in address order).</summary>
public readonly record struct MarketParticipant(Address Address, ProsumerInput Input);
