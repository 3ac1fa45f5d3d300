using System.Security.Cryptography;

namespace EnergyChain.Core.Crypto;

/// <summary>
/// Fallback backend: .NET <see cref="ECDsa"/> on the secp256k1 curve, which on Linux is OpenSSL.
/// Several times slower than libsecp256k1 (see docs/performance.md), but needs no extra package.
/// .NET signs with a random nonce, so signatures differ from the native backend's RFC 6979 ones; both
/// verify each other's because verification does not depend on the nonce.
/// </summary>
public sealed class OpenSslSecp256k1 : ISecp256k1
{
    private static readonly ECCurve Curve = ECCurve.CreateFromValue("1.3.132.0.10");

    public string Name => "openssl";

    /// <summary>False when the platform's crypto library does not offer the curve.</summary>
    public static bool IsSupported()
    {
        try
        {
            using var ecdsa = ECDsa.Create(Curve);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    public bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            return false;
        }

        var k = Secp256k1Curve.ToBig(privateKey);
        return !k.IsZero && k < Secp256k1Curve.N;
    }

    public void DerivePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> compressedPublicKey)
    {
        if (!IsValidPrivateKey(privateKey))
        {
            throw new CryptographicException("invalid private key");
        }

        using var ecdsa = ECDsa.Create(new ECParameters { Curve = Curve, D = privateKey.ToArray() });
        var q = ecdsa.ExportParameters(includePrivateParameters: false).Q;
        compressedPublicKey[0] = (byte)((q.Y![31] & 1) == 1 ? 0x03 : 0x02);
        q.X.AsSpan().CopyTo(compressedPublicKey[1..]);
    }

    public void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> messageHash, Span<byte> signature)
    {
        if (!IsValidPrivateKey(privateKey))
        {
            throw new CryptographicException("invalid private key");
        }

        if (messageHash.Length != 32 || signature.Length != Signature.Size)
        {
            throw new ArgumentException("hash must be 32 bytes and the signature buffer 64 bytes");
        }

        using var ecdsa = ECDsa.Create(new ECParameters { Curve = Curve, D = privateKey.ToArray() });
        if (!ecdsa.TrySignHash(messageHash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var written)
            || written != Signature.Size)
        {
            throw new CryptographicException("signing failed");
        }

        Secp256k1Curve.NormalizeLowS(signature);
    }

    public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> signature)
    {
        if (messageHash.Length != 32 || !Secp256k1Curve.IsCanonicalLowS(signature) || !PublicKey.HasValidShape(compressedPublicKey))
        {
            return false;
        }

        var ecdsa = ImportedKeys.Get(compressedPublicKey);
        if (ecdsa is null)
        {
            return false;
        }

        try
        {
            return ecdsa.VerifyHash(messageHash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static ECDsa? Import(ReadOnlySpan<byte> compressedPublicKey)
    {
        var x = new byte[32];
        var y = new byte[32];
        if (!Secp256k1Curve.TryDecompress(compressedPublicKey, x, y))
        {
            return null;
        }

        try
        {
            return ECDsa.Create(new ECParameters { Curve = Curve, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Decompressing a key with BigInteger and importing it into OpenSSL costs several times the
    /// verification itself, and a permissioned chain sees the same senders over and over. Each thread keeps
    /// its own small cache (ECDsa instances are not shared across threads); it is emptied when full.
    /// </summary>
    private static class ImportedKeys
    {
        private const int Capacity = 1024;

        [ThreadStatic]
        private static Dictionary<string, ECDsa?>? _cache;

        public static ECDsa? Get(ReadOnlySpan<byte> compressedPublicKey)
        {
            var cache = _cache ??= new Dictionary<string, ECDsa?>(StringComparer.Ordinal);
            var id = Convert.ToHexString(compressedPublicKey);
            if (cache.TryGetValue(id, out var cached))
            {
                return cached;
            }

            if (cache.Count >= Capacity)
            {
                foreach (var key in cache.Values)
                {
                    key?.Dispose();
                }

                cache.Clear();
            }

            var imported = Import(compressedPublicKey);
            cache[id] = imported;
            return imported;
        }
    }
}
