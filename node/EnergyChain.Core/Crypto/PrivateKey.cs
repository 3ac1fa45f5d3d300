using System.Security.Cryptography;

namespace EnergyChain.Core.Crypto;

/// <summary>A secp256k1 private key with its public key and address. Keep it out of logs.</summary>
public sealed class PrivateKey
{
    private readonly byte[] _secret;

    private PrivateKey(byte[] secret, ISecp256k1 crypto)
    {
        _secret = secret;
        Crypto = crypto;
        Span<byte> pub = stackalloc byte[PublicKey.Size];
        crypto.DerivePublicKey(secret, pub);
        PublicKey = PublicKey.FromBytes(pub);
    }

    public PublicKey PublicKey { get; }

    public Address Address => PublicKey.Address;

    public ISecp256k1 Crypto { get; }

    public static PrivateKey Generate(ISecp256k1? crypto = null)
    {
        crypto ??= CryptoBackends.Default;
        var secret = new byte[32];
        do
        {
            RandomNumberGenerator.Fill(secret);
        }
        while (!crypto.IsValidPrivateKey(secret));

        return new PrivateKey(secret, crypto);
    }

    public static PrivateKey FromBytes(ReadOnlySpan<byte> secret, ISecp256k1? crypto = null)
    {
        crypto ??= CryptoBackends.Default;
        if (!crypto.IsValidPrivateKey(secret))
        {
            throw new FormatException("not a valid secp256k1 private key (32 bytes, 1 <= k < n)");
        }

        return new PrivateKey(secret.ToArray(), crypto);
    }

    /// <summary>A reproducible key for tests, demos and benchmarks: SHA-256 of the seed text.</summary>
    public static PrivateKey FromSeed(string seed, ISecp256k1? crypto = null)
    {
        var secret = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        return FromBytes(secret, crypto);
    }

    public byte[] ExportSecret() => (byte[])_secret.Clone();

    public byte[] Sign(Hash256 messageHash)
    {
        Span<byte> hash = stackalloc byte[Hash256.Size];
        messageHash.CopyTo(hash);
        var signature = new byte[Signature.Size];
        Crypto.Sign(_secret, hash, signature);
        return signature;
    }

    public override string ToString() => $"PrivateKey({Address})";
}
