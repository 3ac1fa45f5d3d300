using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Tests.Crypto;

/// <summary>How ENERGYCHAIN_CRYPTO picks a backend (through <see cref="CryptoBackends.Select"/>, without the process variable).</summary>
public sealed class CryptoBackendsTests
{
    [Fact]
    public void Unset_picks_libsecp256k1_when_installed_and_NBitcoin_otherwise()
    {
        ISecp256k1 expected = (ISecp256k1?)CryptoBackends.Native ?? CryptoBackends.NBitcoin;
        Assert.Same(expected, CryptoBackends.Select(null));
        Assert.Same(expected, CryptoBackends.Select(""));
    }

    [Fact]
    public void Nbitcoin_is_forced_by_name_in_any_case()
    {
        Assert.Same(CryptoBackends.NBitcoin, CryptoBackends.Select("nbitcoin"));
        Assert.Same(CryptoBackends.NBitcoin, CryptoBackends.Select(" NBitcoin "));
    }

    [Fact]
    public void Native_is_forced_by_name_or_refused_with_the_install_hint()
    {
        if (CryptoBackends.Native is { } native)
        {
            Assert.Same(native, CryptoBackends.Select("native"));
        }
        else
        {
            Assert.Contains("apt-get install libsecp256k1-1", Assert.Throws<CryptoBackendException>(() => CryptoBackends.Select("native")).Message);
        }
    }

    [Theory]
    [InlineData("openssl")]
    [InlineData("libsecp256k1x")]
    [InlineData("bouncycastle")]
    public void An_unknown_name_is_a_clear_error(string name)
    {
        var error = Assert.Throws<CryptoBackendException>(() => CryptoBackends.Select(name));
        Assert.Equal($"ENERGYCHAIN_CRYPTO='{name}' is not a secp256k1 backend: use native or nbitcoin, or leave it unset", error.Message);
    }
}
