using System.Security.Cryptography;

namespace EnergyChain.NeoPeer.Neo;

/// <summary>
/// A secp256r1 (NIST P-256) key as Neo uses it: a single-signature account whose script hash is
/// RIPEMD-160(SHA-256(verification script)) and whose signatures are 64-byte r||s over SHA-256 of the sign data.
/// </summary>
internal sealed class NeoKey : IDisposable
{
    private readonly ECDsa _ecdsa;

    public NeoKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new ArgumentException("a Neo private key is 32 bytes", nameof(privateKey));
        }

        // Only D is given: the platform derives the public point.
        _ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateKey.ToArray() });
        var q = _ecdsa.ExportParameters(includePrivateParameters: false).Q;
        PublicKey = [(byte)((q.Y![^1] & 1) == 0 ? 0x02 : 0x03), .. q.X!];
        VerificationScript = NeoScript.SignatureVerification(PublicKey);
        ScriptHash = Ripemd160.Hash(SHA256.HashData(VerificationScript));
    }

    /// <summary>Compressed public key (33 bytes).</summary>
    public byte[] PublicKey { get; }

    public byte[] VerificationScript { get; }

    /// <summary>The account (UInt160) in wire order, little-endian; <see cref="ScriptHashText"/> prints it reversed.</summary>
    public byte[] ScriptHash { get; }

    public string ScriptHashText => "0x" + Convert.ToHexStringLower([.. ScriptHash.Reverse()]);

    public string Address(byte addressVersion) => Base58.CheckEncode([addressVersion, .. ScriptHash]);

    /// <summary>A deterministic key for a benchmark account: SHA-256 of the seed (below the curve order in practice).</summary>
    public static NeoKey FromSeed(string seed) => new(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    public ECPoint PublicPoint() => _ecdsa.ExportParameters(includePrivateParameters: false).Q;

    public byte[] Sign(ReadOnlySpan<byte> data) => _ecdsa.SignData(data, HashAlgorithmName.SHA256);

    public void Dispose() => _ecdsa.Dispose();
}
