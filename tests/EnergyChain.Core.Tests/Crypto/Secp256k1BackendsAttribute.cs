using System.Reflection;
using EnergyChain.Core.Crypto;
using Xunit.Sdk;

namespace EnergyChain.Core.Tests.Crypto;

/// <summary>
/// Backend names for a theory: <c>native: false</c> gives the backends every machine has (NBitcoin.Secp256k1);
/// <c>native: true</c> gives libsecp256k1's rows, reported SKIPPED, not passed, where the library is missing.
/// With <c>pairs: true</c> the rows are (signer, verifier): every pair of the managed backends, or every pair that
/// involves native. Put both on a theory to cover all backends.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class Secp256k1BackendsAttribute : DataAttribute
{
    private static readonly string[] Managed = [CryptoBackends.NBitcoinName];

    private readonly bool _native;
    private readonly bool _pairs;

    public Secp256k1BackendsAttribute(bool native, bool pairs = false)
    {
        _native = native;
        _pairs = pairs;
        if (native && CryptoBackends.Native is null)
        {
            // xunit reads Skip from the attribute instance, so this reports the rows as skipped.
            Skip = "libsecp256k1 is not installed (Debian: apt-get install libsecp256k1-1)";
        }
    }

    public static ISecp256k1 Backend(string name) => CryptoBackends.Select(name);

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        if (!_pairs)
        {
            return _native ? [[CryptoBackends.NativeName]] : Managed.Select(name => new object[] { name });
        }

        string[] all = [.. Managed, CryptoBackends.NativeName];
        return from signer in all
               from verifier in all
               where _native == (signer == CryptoBackends.NativeName || verifier == CryptoBackends.NativeName)
               select new object[] { signer, verifier };
    }
}
