using System.Security.Cryptography;
using NBitcoin.Secp256k1;

namespace EnergyChain.Core.Crypto;

/// <summary>
/// NBitcoin.Secp256k1: a managed port of libsecp256k1, the fallback where the native library is not installed.
/// Same rules as <see cref="NativeSecp256k1"/> byte for byte: RFC 6979 nonces (identical signatures), low-S on
/// sign, high-S refused on verify, the same keys accepted. Parsed public keys are cached
/// (<see cref="ParsedKeyCache{TParsed}"/>): here the parse is about a fifth of a verification (docs/performance.md).
/// </summary>
public sealed class NBitcoinSecp256k1 : ISecp256k1
{
    private readonly Context _context = Context.Instance;
    private readonly ParsedKeyCache<ECPubKey> _parsedKeys;

    public NBitcoinSecp256k1()
        : this(ParsedKeyCache<ECPubKey>.DefaultCapacity)
    {
    }

    /// <summary>With a chosen size for the parsed-key cache (tests use a tiny one, benchmarks 0 for none).</summary>
    internal NBitcoinSecp256k1(int parsedKeyCacheCapacity)
    {
        _parsedKeys = new ParsedKeyCache<ECPubKey>(parsedKeyCacheCapacity);
    }

    public string Name => "NBitcoin.Secp256k1";

    /// <summary>Parsed public keys currently cached (for tests).</summary>
    internal int ParsedKeyCount => _parsedKeys.Count;

    public bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32 || !ECPrivKey.TryCreate(privateKey, _context, out var key))
        {
            return false;
        }

        key.Dispose();
        return true;
    }

    public void DerivePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> compressedPublicKey)
    {
        Secp256k1Curve.RequireLength(privateKey, 32, nameof(privateKey));
        Secp256k1Curve.RequireLength(compressedPublicKey, PublicKey.Size, nameof(compressedPublicKey));
        using var key = CreatePrivateKey(privateKey, "invalid private key");
        key.CreatePubKey().WriteToSpan(compressed: true, compressedPublicKey, out var length);
        if (length != PublicKey.Size)
        {
            throw new CryptographicException("public key serialization failed");
        }
    }

    public void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> messageHash, Span<byte> signature)
    {
        Secp256k1Curve.RequireLength(privateKey, 32, nameof(privateKey));
        Secp256k1Curve.RequireLength(messageHash, 32, nameof(messageHash));
        Secp256k1Curve.RequireLength(signature, Signature.Size, nameof(signature));
        using var key = CreatePrivateKey(privateKey, "signing failed (invalid private key)");

        // No nonce function: RFC 6979, as libsecp256k1's default, so both backends give the same bytes.
        if (!key.TrySignECDSA(messageHash, out var signed) || signed is null)
        {
            throw new CryptographicException("signing failed (invalid private key)");
        }

        // The port already emits low-S like the library; normalizing again costs nothing and keeps the rule local.
        if (signed.TryNormalize(out var normalized))
        {
            signed = normalized;
        }

        signed.WriteCompactToSpan(signature);
    }

    public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> signature)
    {
        // libsecp256k1's pubkey_parse takes 33 bytes only with prefix 02 or 03; the shape check makes that explicit.
        if (!PublicKey.HasValidShape(compressedPublicKey) || messageHash.Length != 32 || signature.Length != Signature.Size)
        {
            return false;
        }

        // Parsing the compact form refuses r or s >= n, as secp256k1_ecdsa_signature_parse_compact does.
        if (!SecpECDSASignature.TryCreateFromCompact(signature, out var parsedSignature) || parsedSignature is null)
        {
            return false;
        }

        // secp256k1_ecdsa_verify refuses zero and high-S; checked here explicitly rather than relying on the port.
        var (r, s) = parsedSignature;
        if (r.IsZero || s.IsZero || s.IsHigh)
        {
            return false;
        }

        var key = new CompressedKey(compressedPublicKey);
        if (!_parsedKeys.TryGet(key, out var publicKey))
        {
            if (!ECPubKey.TryCreate(compressedPublicKey, _context, out _, out var parsed) || parsed is null)
            {
                return false;
            }

            publicKey = parsed;
            _parsedKeys.Add(key, publicKey);
        }

        return publicKey.SigVerify(parsedSignature, messageHash);
    }

    // The same messages as the native backend's for the same failures.
    private ECPrivKey CreatePrivateKey(ReadOnlySpan<byte> privateKey, string error) =>
        ECPrivKey.TryCreate(privateKey, _context, out var key) && key is not null
            ? key
            : throw new CryptographicException(error);
}
