namespace EnergyChain.Core.Crypto;

/// <summary>
/// Picks the secp256k1 backend once per process: libsecp256k1 when installed, OpenSSL otherwise.
/// Set ENERGYCHAIN_CRYPTO=openssl to force the fallback (used by tests and benchmarks).
/// </summary>
public static class CryptoBackends
{
    private static readonly Lazy<NativeSecp256k1?> NativeInstance = new(NativeSecp256k1.TryCreate);
    private static readonly Lazy<OpenSslSecp256k1?> OpenSslInstance =
        new(() => OpenSslSecp256k1.IsSupported() ? new OpenSslSecp256k1() : null);

    private static readonly Lazy<ISecp256k1> DefaultInstance = new(SelectDefault);

    /// <summary>The backend the node uses.</summary>
    public static ISecp256k1 Default => DefaultInstance.Value;

    public static NativeSecp256k1? Native => NativeInstance.Value;

    public static OpenSslSecp256k1? OpenSsl => OpenSslInstance.Value;

    private static ISecp256k1 SelectDefault()
    {
        var forced = Environment.GetEnvironmentVariable("ENERGYCHAIN_CRYPTO");
        if (string.Equals(forced, "openssl", StringComparison.OrdinalIgnoreCase) && OpenSsl is { } forcedOpenSsl)
        {
            return forcedOpenSsl;
        }

        return (ISecp256k1?)Native ?? OpenSsl
            ?? throw new PlatformNotSupportedException(
                "no secp256k1 implementation: install libsecp256k1 (Debian: apt-get install libsecp256k1-1) "
                + "or an OpenSSL with the secp256k1 curve");
    }
}
