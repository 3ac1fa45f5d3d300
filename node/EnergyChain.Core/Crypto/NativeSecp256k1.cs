using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EnergyChain.Core.Crypto;

/// <summary>
/// libsecp256k1 (Debian package libsecp256k1-1) through P/Invoke function pointers. The library is
/// found at run time; <see cref="TryCreate()"/> returns null when it is absent so the caller can fall back.
/// One context is shared: libsecp256k1 contexts are safe for concurrent signing and verification once
/// created and randomized. Instances live for the process (the context is never destroyed).
/// Parsed public keys are cached (<see cref="ParsedKeyCache{TParsed}"/>): the parse is about an eighth of a verification.
/// </summary>
public sealed unsafe class NativeSecp256k1 : ISecp256k1
{
    private const uint ContextSignAndVerify = 0x0301; // SECP256K1_CONTEXT_SIGN | _VERIFY (accepted by 0.1 and 0.2+)
    private const uint EcCompressed = 0x0102;         // SECP256K1_EC_COMPRESSED

    private static readonly string[] LibraryNames =
    [
        "libsecp256k1.so.1", "libsecp256k1.so.2", "libsecp256k1.so.5", "libsecp256k1.so", "libsecp256k1.dylib", "secp256k1",
    ];

    private readonly nint _library;
    private readonly nint _context;
    private readonly delegate* unmanaged<nint, byte*, int> _seckeyVerify;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> _pubkeyCreate;
    private readonly delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int> _pubkeySerialize;
    private readonly delegate* unmanaged<nint, byte*, byte*, nuint, int> _pubkeyParse;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> _signatureParseCompact;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> _signatureSerializeCompact;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> _signatureNormalize;
    private readonly delegate* unmanaged<nint, byte*, byte*, byte*, int> _verify;
    private readonly delegate* unmanaged<nint, byte*, byte*, byte*, nint, nint, int> _sign;
    private readonly ParsedKeyCache<ParsedKey> _parsedKeys;

    private NativeSecp256k1(nint library, string libraryName, int parsedKeyCacheCapacity)
    {
        _library = library;
        _parsedKeys = new ParsedKeyCache<ParsedKey>(parsedKeyCacheCapacity);
        LibraryName = libraryName;
        var contextCreate = (delegate* unmanaged<uint, nint>)Export("secp256k1_context_create");
        var contextRandomize = (delegate* unmanaged<nint, byte*, int>)Export("secp256k1_context_randomize");
        _seckeyVerify = (delegate* unmanaged<nint, byte*, int>)Export("secp256k1_ec_seckey_verify");
        _pubkeyCreate = (delegate* unmanaged<nint, byte*, byte*, int>)Export("secp256k1_ec_pubkey_create");
        _pubkeySerialize = (delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int>)Export("secp256k1_ec_pubkey_serialize");
        _pubkeyParse = (delegate* unmanaged<nint, byte*, byte*, nuint, int>)Export("secp256k1_ec_pubkey_parse");
        _signatureParseCompact = (delegate* unmanaged<nint, byte*, byte*, int>)Export("secp256k1_ecdsa_signature_parse_compact");
        _signatureSerializeCompact = (delegate* unmanaged<nint, byte*, byte*, int>)Export("secp256k1_ecdsa_signature_serialize_compact");
        _signatureNormalize = (delegate* unmanaged<nint, byte*, byte*, int>)Export("secp256k1_ecdsa_signature_normalize");
        _verify = (delegate* unmanaged<nint, byte*, byte*, byte*, int>)Export("secp256k1_ecdsa_verify");
        _sign = (delegate* unmanaged<nint, byte*, byte*, byte*, nint, nint, int>)Export("secp256k1_ecdsa_sign");

        _context = contextCreate(ContextSignAndVerify);
        if (_context == 0)
        {
            throw new InvalidOperationException("secp256k1_context_create failed");
        }

        // Blinding against side channels while signing; does not change any result.
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        fixed (byte* s = seed)
        {
            _ = contextRandomize(_context, s);
        }
    }

    public string Name => "libsecp256k1";

    public string LibraryName { get; }

    /// <summary>Parsed public keys currently cached (for tests).</summary>
    internal int ParsedKeyCount => _parsedKeys.Count;

    /// <summary>Loads libsecp256k1 if present; null when no usable library is installed.</summary>
    public static NativeSecp256k1? TryCreate() => TryCreate(ParsedKeyCache<ParsedKey>.DefaultCapacity);

    /// <summary>As <see cref="TryCreate()"/>, with a chosen size for the parsed-key cache (tests use a tiny one, benchmarks 0 for none).</summary>
    internal static NativeSecp256k1? TryCreate(int parsedKeyCacheCapacity)
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }

            try
            {
                return new NativeSecp256k1(handle, name, parsedKeyCacheCapacity);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(handle);
            }
        }

        return null;
    }

    public bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            return false;
        }

        fixed (byte* k = privateKey)
        {
            return _seckeyVerify(_context, k) == 1;
        }
    }

    public void DerivePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> compressedPublicKey)
    {
        Secp256k1Curve.RequireLength(privateKey, 32, nameof(privateKey));
        Secp256k1Curve.RequireLength(compressedPublicKey, PublicKey.Size, nameof(compressedPublicKey));
        var internalKey = stackalloc byte[64];
        fixed (byte* k = privateKey)
        fixed (byte* output = compressedPublicKey)
        {
            if (_pubkeyCreate(_context, internalKey, k) != 1)
            {
                throw new CryptographicException("invalid private key");
            }

            nuint length = PublicKey.Size;
            if (_pubkeySerialize(_context, output, &length, internalKey, EcCompressed) != 1 || length != PublicKey.Size)
            {
                throw new CryptographicException("public key serialization failed");
            }
        }
    }

    public void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> messageHash, Span<byte> signature)
    {
        Secp256k1Curve.RequireLength(privateKey, 32, nameof(privateKey));
        Secp256k1Curve.RequireLength(messageHash, 32, nameof(messageHash));
        Secp256k1Curve.RequireLength(signature, Signature.Size, nameof(signature));
        var internalSignature = stackalloc byte[64];
        fixed (byte* k = privateKey)
        fixed (byte* h = messageHash)
        fixed (byte* output = signature)
        {
            // A null nonce function selects RFC 6979 deterministic nonces; the library emits low-S.
            if (_sign(_context, internalSignature, h, k, 0, 0) != 1)
            {
                throw new CryptographicException("signing failed (invalid private key)");
            }

            _ = _signatureSerializeCompact(_context, output, internalSignature);
        }
    }

    public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> signature)
    {
        if (compressedPublicKey.Length != PublicKey.Size || messageHash.Length != 32 || signature.Length != Signature.Size)
        {
            return false;
        }

        var key = new CompressedKey(compressedPublicKey);
        if (!_parsedKeys.TryGet(key, out var internalKey))
        {
            fixed (byte* p = compressedPublicKey)
            {
                if (_pubkeyParse(_context, (byte*)&internalKey, p, PublicKey.Size) != 1)
                {
                    return false;
                }
            }

            _parsedKeys.Add(key, internalKey);
        }

        var internalSignature = stackalloc byte[64];
        fixed (byte* h = messageHash)
        fixed (byte* s = signature)
        {
            if (_signatureParseCompact(_context, internalSignature, s) != 1)
            {
                return false;
            }

            // secp256k1_ecdsa_verify already refuses high-S, which is exactly our rule.
            return _verify(_context, internalSignature, h, (byte*)&internalKey) == 1;
        }
    }

    /// <summary>Exposed for tests: whether the library considers the signature already normalized.</summary>
    internal bool IsLowS(ReadOnlySpan<byte> signature)
    {
        var parsed = stackalloc byte[64];
        fixed (byte* s = signature)
        {
            return _signatureParseCompact(_context, parsed, s) == 1 && _signatureNormalize(_context, null, parsed) == 0;
        }
    }

    private nint Export(string name) => NativeLibrary.GetExport(_library, name);

    /// <summary>libsecp256k1's opaque secp256k1_pubkey: 64 bytes that may be copied within one process.</summary>
    [InlineArray(64)]
    private struct ParsedKey
    {
        private byte _element0;
    }
}
