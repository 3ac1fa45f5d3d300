using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Genesis;

/// <summary>A member of the permissioned network: a node key that may connect and take part in consensus.</summary>
public sealed record GenesisMember(string Name, PublicKey PublicKey);
