using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>Deterministic inputs shared by the micro benchmarks.</summary>
internal static class BenchData
{
    public const string Native = "native";
    public const string NBitcoin = "nbitcoin";

    public static ISecp256k1 Backend(string name) => name switch
    {
        Native => CryptoBackends.Native ?? throw new PlatformNotSupportedException("libsecp256k1 is not installed"),
        NBitcoin => CryptoBackends.NBitcoin,
        _ => throw new ArgumentException($"unknown backend '{name}'", nameof(name)),
    };

    /// <summary>A fresh instance of the backend without the parsed-key cache, so every verify parses the key.</summary>
    public static ISecp256k1 BackendParsingEveryKey(string name) => name switch
    {
        Native => NativeSecp256k1.TryCreate(parsedKeyCacheCapacity: 0) ?? throw new PlatformNotSupportedException("libsecp256k1 is not installed"),
        NBitcoin => new NBitcoinSecp256k1(parsedKeyCacheCapacity: 0),
        _ => throw new ArgumentException($"unknown backend '{name}'", nameof(name)),
    };

    /// <summary>
    /// <paramref name="count"/> signed transfers among <paramref name="accounts"/> seeded keys, each sender's
    /// nonces in order. Signed with libsecp256k1 (the backends verify each other's signatures).
    /// </summary>
    public static Transaction[] Transfers(int count, int accounts, string seed = "bench")
    {
        var crypto = Backend(Native);
        var keys = Enumerable.Range(0, accounts).Select(i => PrivateKey.FromSeed($"{seed}/user/{i}", crypto)).ToArray();
        var txs = new Transaction[count];
        Parallel.For(0, count, i =>
        {
            var from = keys[i % accounts];
            var to = keys[(i + 1 + (i / accounts)) % accounts].Address;
            txs[i] = Transaction.Create(TestChain.DefaultChainId, from, (ulong)(i / accounts), 1, new TransferPayload(to, 1 + (ulong)(i % 1000)));
        });
        return txs;
    }
}
