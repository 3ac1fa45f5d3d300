namespace EnergyChain.Core.Crypto;

/// <summary>
/// Picks the secp256k1 backend once per process: libsecp256k1 when installed, NBitcoin.Secp256k1 (managed, always
/// available) otherwise. ENERGYCHAIN_CRYPTO=native|nbitcoin forces one (tests and benchmarks); any other value, or
/// native where the library is missing, is a <see cref="CryptoBackendException"/> rather than a silent fallback.
/// </summary>
public static class CryptoBackends
{
    public const string Variable = "ENERGYCHAIN_CRYPTO";
    public const string NativeName = "native";
    public const string NBitcoinName = "nbitcoin";

    private static readonly Lazy<NativeSecp256k1?> NativeInstance = new(NativeSecp256k1.TryCreate);
    private static readonly Lazy<NBitcoinSecp256k1> NBitcoinInstance = new(() => new NBitcoinSecp256k1());

    private static readonly Lazy<ISecp256k1> DefaultInstance = new(() => Select(Environment.GetEnvironmentVariable(Variable)));

    /// <summary>The backend the node uses.</summary>
    public static ISecp256k1 Default => DefaultInstance.Value;

    /// <summary>libsecp256k1, or null when it is not installed.</summary>
    public static NativeSecp256k1? Native => NativeInstance.Value;

    /// <summary>NBitcoin.Secp256k1; managed, so always there.</summary>
    public static NBitcoinSecp256k1 NBitcoin => NBitcoinInstance.Value;

    /// <summary>The backend a value of ENERGYCHAIN_CRYPTO asks for; null or empty picks the fastest available.</summary>
    public static ISecp256k1 Select(string? forced)
    {
        if (string.IsNullOrWhiteSpace(forced))
        {
            return (ISecp256k1?)Native ?? NBitcoin;
        }

        return forced.Trim().ToLowerInvariant() switch
        {
            NativeName => Native ?? throw new CryptoBackendException(
                $"{Variable}=native but libsecp256k1 is not installed (Debian: apt-get install libsecp256k1-1)"),
            NBitcoinName => NBitcoin,
            _ => throw new CryptoBackendException($"{Variable}='{forced}' is not a secp256k1 backend: use native or nbitcoin, or leave it unset"),
        };
    }
}
