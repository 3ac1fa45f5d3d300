namespace EnergyChain.Core.Crypto;

/// <summary>No usable secp256k1 backend, or ENERGYCHAIN_CRYPTO names one that does not exist or is not installed.</summary>
public sealed class CryptoBackendException(string message) : Exception(message);
