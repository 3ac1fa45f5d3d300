using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Genesis;

/// <summary>
/// A member of the permissioned network: a node key that may connect and take part in consensus. A household's
/// <see cref="Meter"/> is the key of its smart meter, the only key whose readings the PoEG market accepts for it
/// (genesis <c>"meterKey"</c>, optional).
/// </summary>
public sealed record GenesisMember(string Name, PublicKey PublicKey, PublicKey? Meter = null);
