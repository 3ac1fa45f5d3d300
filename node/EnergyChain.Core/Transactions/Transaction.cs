using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// A signed transaction. Layout of the canonical encoding (big-endian):
/// <code>
/// u8 version=1 | u8 len + chain id | 33 sender public key | u64 nonce | u64 fee
/// | u8 payload type | u32 len + payload | 64 signature (r || s, low-S)
/// </code>
/// The signature covers SHA-256("EnergyChain/tx/v1" || everything before the signature), so the chain id
/// and nonce are signed. The transaction hash is SHA-256 of the whole encoding; with low-S enforced and
/// one encoding per transaction it cannot be malleated.
/// </summary>
public sealed class Transaction
{
    public const byte CurrentVersion = 1;
    public const int MaxEncodedSize = 128 * 1024;
    public const int MinEncodedSize = 1 + 2 + PublicKey.Size + 8 + 8 + 1 + 4 + Crypto.Signature.Size;

    private static readonly byte[] SigningTag = "EnergyChain/tx/v1"u8.ToArray();

    private readonly byte[] _encoded;
    private readonly int _unsignedLength;

    private Transaction(string chainId, PublicKey sender, ulong nonce, ulong fee, TxPayload payload, byte[] encoded, int unsignedLength)
    {
        ChainId = chainId;
        Sender = sender;
        Nonce = nonce;
        Fee = fee;
        Payload = payload;
        _encoded = encoded;
        _unsignedLength = unsignedLength;
        Hash = Hash256.Compute(encoded);
        SigningHash = Hash256.ComputeTagged(SigningTag, encoded.AsSpan(0, unsignedLength));
    }

    public string ChainId { get; }

    public PublicKey Sender { get; }

    public Address SenderAddress => Sender.Address;

    public ulong Nonce { get; }

    public ulong Fee { get; }

    public TxPayload Payload { get; }

    public TxType Type => Payload.Type;

    public Hash256 Hash { get; }

    /// <summary>What the sender signed.</summary>
    public Hash256 SigningHash { get; }

    public ReadOnlySpan<byte> Signature => _encoded.AsSpan(_unsignedLength);

    public ReadOnlySpan<byte> Encoded => _encoded;

    public int Size => _encoded.Length;

    public static Transaction Create(string chainId, PrivateKey key, ulong nonce, ulong fee, TxPayload payload)
    {
        if (!Transactions.ChainId.IsValid(chainId, out var error))
        {
            throw new ArgumentException(error, nameof(chainId));
        }

        var writer = new CanonicalWriter(160);
        WriteUnsigned(writer, chainId, key.PublicKey, nonce, fee, payload);
        var unsignedLength = writer.Length;
        var signingHash = Hash256.ComputeTagged(SigningTag, writer.WrittenSpan);
        writer.WriteFixed(key.Sign(signingHash));
        return new Transaction(chainId, key.PublicKey, nonce, fee, payload, writer.ToArray(), unsignedLength);
    }

    /// <summary>Decodes one transaction; any malformed input throws <see cref="DecodeException"/>.</summary>
    public static Transaction Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize)
        {
            throw new DecodeException(DecodeError.TooLarge, $"transaction of {bytes.Length} bytes exceeds the maximum {MaxEncodedSize}");
        }

        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != CurrentVersion)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"transaction version {version} is not supported (expected {CurrentVersion})");
        }

        var chainId = reader.ReadShortAscii(Transactions.ChainId.MaxLength, "transaction chain id");
        if (!Transactions.ChainId.IsValid(chainId, out var chainError))
        {
            throw new DecodeException(DecodeError.InvalidValue, chainError);
        }

        var senderBytes = reader.ReadFixed(PublicKey.Size, "transaction sender");
        if (!PublicKey.HasValidShape(senderBytes))
        {
            throw new DecodeException(DecodeError.InvalidValue, "transaction sender is not a compressed public key");
        }

        var nonce = reader.ReadU64();
        var fee = reader.ReadU64();
        var type = (TxType)reader.ReadU8();
        var payload = TxPayload.Read(type, reader.ReadBytes(MaxEncodedSize, "transaction payload"));
        var unsignedLength = reader.Position;
        reader.ReadFixed(Crypto.Signature.Size, "transaction signature");
        reader.EnsureEnd("transaction");
        return new Transaction(chainId, PublicKey.FromBytes(senderBytes), nonce, fee, payload, bytes.ToArray(), unsignedLength);
    }

    private static void WriteUnsigned(CanonicalWriter writer, string chainId, PublicKey sender, ulong nonce, ulong fee, TxPayload payload)
    {
        writer.WriteU8(CurrentVersion);
        writer.WriteShortAscii(chainId);
        writer.WriteFixed(sender.Span);
        writer.WriteU64(nonce);
        writer.WriteU64(fee);
        writer.WriteU8((byte)payload.Type);
        var lengthSlot = writer.ReserveU32Slot();
        var start = writer.Length;
        payload.Write(writer);
        writer.PatchU32(lengthSlot, (uint)(writer.Length - start));
    }

    public override string ToString() => $"{Type} {Hash} from {SenderAddress} nonce {Nonce}";
}
