using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Storage;

/// <summary>The committed tip as the store records it.</summary>
public readonly record struct StoredHead(ulong Height, Hash256 Hash);
