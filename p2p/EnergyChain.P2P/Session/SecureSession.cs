using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EnergyChain.P2P.Session;

/// <summary>
/// AES-256-GCM over frame payloads with one key and one 64-bit counter per direction. A sealed payload is
/// <c>u64 counter (big-endian) | ciphertext | 16-byte tag</c>; the 96-bit nonce is
/// <c>4 zero bytes | u64 counter</c>. The receiver accepts exactly the next counter, so a replayed, dropped
/// or reordered frame fails, and after any failure the session refuses everything.
/// <see cref="Seal"/> and <see cref="Open"/> may run concurrently with each other, but each must be
/// called by one thread at a time (one send loop, one receive loop).
/// </summary>
public sealed class SecureSession : IDisposable
{
    public const int KeySize = 32;
    public const int CounterSize = 8;
    public const int TagSize = 16;
    public const int Overhead = CounterSize + TagSize;

    private readonly AesGcm _sendCipher;
    private readonly AesGcm _receiveCipher;
    private ulong _sendCounter;
    private ulong _receiveCounter;
    private volatile bool _failed;

    public SecureSession(ReadOnlySpan<byte> sendKey, ReadOnlySpan<byte> receiveKey)
    {
        if (sendKey.Length != KeySize || receiveKey.Length != KeySize)
        {
            throw new ArgumentException($"session keys are {KeySize} bytes");
        }

        _sendCipher = new AesGcm(sendKey, TagSize);
        _receiveCipher = new AesGcm(receiveKey, TagSize);
    }

    public bool IsFailed => _failed;

    /// <summary>Encrypts one frame payload.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext)
    {
        var sealedPayload = new byte[Overhead + plaintext.Length];
        SealTo(plaintext, sealedPayload);
        return sealedPayload;
    }

    /// <summary>
    /// Encrypts one frame payload into <paramref name="destination"/> (at least <see cref="Overhead"/> bytes
    /// more than the plaintext) and returns the sealed length; same result as <see cref="Seal"/>, no allocation.
    /// </summary>
    public int SealTo(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (destination.Length < Overhead + plaintext.Length)
        {
            throw new ArgumentException($"the destination needs {Overhead + plaintext.Length} bytes", nameof(destination));
        }

        if (_failed)
        {
            throw new SessionException(SessionError.Closed, "the session failed earlier");
        }

        if (_sendCounter == ulong.MaxValue)
        {
            _failed = true;
            throw new SessionException(SessionError.CounterExhausted, "send counter exhausted");
        }

        var counter = _sendCounter++;
        BinaryPrimitives.WriteUInt64BigEndian(destination, counter);
        Span<byte> nonce = stackalloc byte[12];
        WriteNonce(nonce, counter);
        _sendCipher.Encrypt(
            nonce,
            plaintext,
            destination.Slice(CounterSize, plaintext.Length),
            destination.Slice(CounterSize + plaintext.Length, TagSize));
        return Overhead + plaintext.Length;
    }

    /// <summary>Decrypts and authenticates one frame payload; throws <see cref="SessionException"/> only.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedPayload)
    {
        var plaintext = new byte[PlaintextLength(sealedPayload.Length)];
        OpenTo(sealedPayload, plaintext);
        return plaintext;
    }

    /// <summary>The plaintext length of a sealed payload of <paramref name="sealedLength"/> bytes (0 if it is too short to be one).</summary>
    public static int PlaintextLength(int sealedLength) => Math.Max(0, sealedLength - Overhead);

    /// <summary>
    /// <see cref="Open"/> into <paramref name="plaintext"/>, which must hold <see cref="PlaintextLength"/> bytes;
    /// returns the plaintext length.
    /// </summary>
    public int OpenTo(ReadOnlySpan<byte> sealedPayload, Span<byte> plaintext)
    {
        if (_failed)
        {
            throw new SessionException(SessionError.Closed, "the session failed earlier");
        }

        if (sealedPayload.Length < Overhead)
        {
            throw Fail(SessionError.Truncated, $"sealed frame of {sealedPayload.Length} bytes is shorter than {Overhead}");
        }

        var counter = BinaryPrimitives.ReadUInt64BigEndian(sealedPayload);
        if (counter < _receiveCounter)
        {
            throw Fail(SessionError.Replayed, $"frame counter {counter} was already received (expected {_receiveCounter})");
        }

        if (counter > _receiveCounter)
        {
            throw Fail(SessionError.OutOfOrder, $"frame counter {counter} is ahead of the expected {_receiveCounter}");
        }

        if (counter == ulong.MaxValue)
        {
            throw Fail(SessionError.CounterExhausted, "receive counter exhausted");
        }

        var plaintextLength = sealedPayload.Length - Overhead;
        if (plaintext.Length < plaintextLength)
        {
            throw new ArgumentException($"the plaintext needs {plaintextLength} bytes", nameof(plaintext));
        }

        Span<byte> nonce = stackalloc byte[12];
        WriteNonce(nonce, counter);
        try
        {
            _receiveCipher.Decrypt(
                nonce,
                sealedPayload.Slice(CounterSize, plaintextLength),
                sealedPayload.Slice(CounterSize + plaintextLength, TagSize),
                plaintext[..plaintextLength]);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw Fail(SessionError.AuthenticationFailed, "frame authentication failed (tampered or forged)", ex);
        }

        _receiveCounter++;
        return plaintextLength;
    }

    public void Dispose()
    {
        _failed = true;
        _sendCipher.Dispose();
        _receiveCipher.Dispose();
    }

    private static void WriteNonce(Span<byte> nonce, ulong counter)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], counter);
    }

    private SessionException Fail(SessionError error, string message, Exception? inner = null)
    {
        _failed = true;
        return new SessionException(error, message, inner);
    }
}
