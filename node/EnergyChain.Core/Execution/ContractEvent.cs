using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Execution;

/// <summary>An event a contract emitted (kept only when its call succeeded).</summary>
public sealed record ContractEvent(Address Contract, byte[] Topic, byte[] Data);
