using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Blocks;

/// <summary>
/// Block header. Canonical layout (big-endian):
/// <code>
/// u8 version=1 | u64 height | 32 parent hash | i64 timestamp (unix ms) | u64 slot | 33 producer key
/// | 32 tx Merkle root | 32 state root (after the block) | u32 len + consensus bytes | 64 producer signature
/// </code>
/// The block hash is SHA-256("EnergyChain/block/v1" || header without the signature), and the producer
/// signs that hash. The genesis header has an all-zero producer and signature.
/// </summary>
public sealed record BlockHeader
{
    public const byte CurrentVersion = 1;
    public const int MaxConsensusDataSize = 64 * 1024;

    private static readonly byte[] HashTag = "EnergyChain/block/v1"u8.ToArray();
    private static readonly byte[] NoProducer = new byte[PublicKey.Size];

    private readonly byte[] _producer = NoProducer;
    private readonly byte[] _consensusData = [];
    private readonly byte[] _signature = new byte[Crypto.Signature.Size];
    private Hash256? _hash;

    public BlockHeader()
    {
    }

    /// <summary>Copy constructor used by <c>with</c>: everything but the cached hash, which may be stale.</summary>
    private BlockHeader(BlockHeader original)
    {
        Height = original.Height;
        ParentHash = original.ParentHash;
        Timestamp = original.Timestamp;
        Slot = original.Slot;
        _producer = original._producer;
        TxRoot = original.TxRoot;
        StateRoot = original.StateRoot;
        _consensusData = original._consensusData;
        _signature = original._signature;
    }

    public ulong Height { get; init; }

    public Hash256 ParentHash { get; init; }

    /// <summary>Milliseconds since the Unix epoch, as the producer's <c>TimeProvider</c> saw it.</summary>
    public long Timestamp { get; init; }

    public ulong Slot { get; init; }

    /// <summary>Compressed public key of the producer; 33 zero bytes for genesis.</summary>
    public ReadOnlyMemory<byte> Producer
    {
        get => _producer;
        init => _producer = Checked(value, PublicKey.Size, "producer");
    }

    public Hash256 TxRoot { get; init; }

    public Hash256 StateRoot { get; init; }

    /// <summary>Engine-specific bytes (PoW nonce, election proof, coalition digest...), opaque to the core.</summary>
    public ReadOnlyMemory<byte> ConsensusData
    {
        get => _consensusData;
        init => _consensusData = value.Length <= MaxConsensusDataSize
            ? value.ToArray()
            : throw new ArgumentException($"consensus data exceeds {MaxConsensusDataSize} bytes");
    }

    public ReadOnlyMemory<byte> Signature
    {
        get => _signature;
        init => _signature = Checked(value, Crypto.Signature.Size, "signature");
    }

    public bool HasProducer => !_producer.AsSpan().SequenceEqual(NoProducer);

    public PublicKey? ProducerKey => HasProducer ? PublicKey.FromBytes(_producer) : null;

    /// <summary>The block id; what the producer signs.</summary>
    public Hash256 Hash => _hash ??= ComputeHash();

    public Hash256 ComputeHash()
    {
        var writer = new CanonicalWriter(256);
        WriteUnsigned(writer);
        return Hash256.ComputeTagged(HashTag, writer.WrittenSpan);
    }

    /// <summary>A copy of this header signed by <paramref name="producer"/> (which becomes the producer field).</summary>
    public BlockHeader SignWith(PrivateKey producer)
    {
        var unsigned = this with { Producer = producer.PublicKey.ToArray(), Signature = new byte[Crypto.Signature.Size] };
        return unsigned with { Signature = producer.Sign(unsigned.Hash) };
    }

    public bool VerifySignature(ISecp256k1 crypto)
    {
        if (!HasProducer)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[Hash256.Size];
        Hash.CopyTo(hash);
        return crypto.Verify(_producer, hash, _signature);
    }

    /// <summary>Headers are equal when their full encodings are (the hash leaves out the signature).</summary>
    public bool Equals(BlockHeader? other) =>
        other is not null && Hash == other.Hash && _signature.AsSpan().SequenceEqual(other._signature);

    public override int GetHashCode() => Hash.GetHashCode();

    public void Write(CanonicalWriter writer)
    {
        WriteUnsigned(writer);
        writer.WriteFixed(_signature);
    }

    public static BlockHeader Read(ref CanonicalReader reader)
    {
        var version = reader.ReadU8();
        if (version != CurrentVersion)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"block version {version} is not supported (expected {CurrentVersion})");
        }

        var height = reader.ReadU64();
        var parent = new Hash256(reader.ReadFixed(Hash256.Size, "block parent hash"));
        var timestamp = reader.ReadI64();
        var slot = reader.ReadU64();
        var producer = reader.ReadFixed(PublicKey.Size, "block producer");
        if (!PublicKey.HasValidShape(producer) && !producer.SequenceEqual(NoProducer))
        {
            throw new DecodeException(DecodeError.InvalidValue, "block producer is not a compressed public key");
        }

        var txRoot = new Hash256(reader.ReadFixed(Hash256.Size, "block tx root"));
        var stateRoot = new Hash256(reader.ReadFixed(Hash256.Size, "block state root"));
        var consensus = reader.ReadBytes(MaxConsensusDataSize, "block consensus data");
        var signature = reader.ReadFixed(Crypto.Signature.Size, "block signature");
        return new BlockHeader
        {
            Height = height,
            ParentHash = parent,
            Timestamp = timestamp,
            Slot = slot,
            Producer = producer.ToArray(),
            TxRoot = txRoot,
            StateRoot = stateRoot,
            ConsensusData = consensus.ToArray(),
            Signature = signature.ToArray(),
        };
    }

    private void WriteUnsigned(CanonicalWriter writer)
    {
        writer.WriteU8(CurrentVersion);
        writer.WriteU64(Height);
        Span<byte> hash = stackalloc byte[Hash256.Size];
        ParentHash.CopyTo(hash);
        writer.WriteFixed(hash);
        writer.WriteI64(Timestamp);
        writer.WriteU64(Slot);
        writer.WriteFixed(_producer);
        TxRoot.CopyTo(hash);
        writer.WriteFixed(hash);
        StateRoot.CopyTo(hash);
        writer.WriteFixed(hash);
        writer.WriteBytes(_consensusData);
    }

    private static byte[] Checked(ReadOnlyMemory<byte> value, int length, string what) =>
        value.Length == length ? value.ToArray() : throw new ArgumentException($"{what} must be {length} bytes, got {value.Length}");
}
