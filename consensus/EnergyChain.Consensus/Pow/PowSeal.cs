using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// The proof-of-work seal, stored in <see cref="BlockHeader.ConsensusData"/>. Canonical layout (big-endian),
/// exactly <see cref="Size"/> bytes:
/// <code>
/// u8 version=1 | u32 compact target (PowTarget.ToCompact) | u64 nonce
/// </code>
/// The nonce is last so that it is also the last 8 bytes of the header's unsigned encoding (consensus data is
/// the header's last field before the signature): the miner patches it in place without re-encoding.
/// </summary>
public readonly record struct PowSeal(uint CompactTarget, ulong Nonce)
{
    public const byte CurrentVersion = 1;

    /// <summary>Encoded length: version, compact target, nonce.</summary>
    public const int Size = 1 + 4 + 8;

    /// <summary>Offset of the nonce inside the encoded seal.</summary>
    public const int NonceOffset = 5;

    /// <summary>The target the seal names (its compact bits are canonical once decoded).</summary>
    public BigInteger Target => PowTarget.FromCompact(CompactTarget);

    /// <summary>A seal for <paramref name="target"/>, which must already be at compact precision.</summary>
    public static PowSeal For(BigInteger target, ulong nonce)
    {
        var bits = PowTarget.ToCompact(target);
        if (PowTarget.FromCompact(bits) != target)
        {
            throw new ArgumentException("the target is not at compact precision (use PowTarget.Normalize)", nameof(target));
        }

        return new PowSeal(bits, nonce);
    }

    public byte[] Encode()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length != Size)
        {
            throw new ArgumentException($"a PoW seal is {Size} bytes", nameof(destination));
        }

        destination[0] = CurrentVersion;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], CompactTarget);
        BinaryPrimitives.WriteUInt64BigEndian(destination[NonceOffset..], Nonce);
    }

    /// <summary>
    /// Decodes a seal strictly: wrong version, truncation, trailing bytes or non-canonical compact bits throw
    /// <see cref="DecodeException"/> (peer bytes must have exactly one valid encoding).
    /// </summary>
    public static PowSeal Decode(ReadOnlySpan<byte> data)
    {
        var reader = new CanonicalReader(data);
        if (data.IsEmpty)
        {
            throw new DecodeException(DecodeError.Truncated, "PoW seal: consensus data is empty");
        }

        var version = reader.ReadU8();
        if (version != CurrentVersion)
        {
            throw new DecodeException(
                DecodeError.UnsupportedVersion, $"PoW seal: version {version} is not supported (expected {CurrentVersion})");
        }

        var bits = BinaryPrimitives.ReadUInt32BigEndian(reader.ReadFixed(sizeof(uint), "PoW seal: compact target"));
        var nonce = BinaryPrimitives.ReadUInt64BigEndian(reader.ReadFixed(sizeof(ulong), "PoW seal: nonce"));
        reader.EnsureEnd("PoW seal");
        if (!PowTarget.TryFromCompact(bits, out _))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"PoW seal: target 0x{bits:x8} is not canonical compact bits");
        }

        return new PowSeal(bits, nonce);
    }

    /// <summary><see cref="Decode"/> without exceptions; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out PowSeal seal, [NotNullWhen(false)] out string? error)
    {
        try
        {
            seal = Decode(data);
            error = null;
            return true;
        }
        catch (DecodeException e)
        {
            seal = default;
            error = e.Message;
            return false;
        }
    }
}
