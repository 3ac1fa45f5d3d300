using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Genesis;

/// <summary>An account funded at genesis.</summary>
public sealed record GenesisAccount(Address Address, ulong Balance, ulong Stake);
