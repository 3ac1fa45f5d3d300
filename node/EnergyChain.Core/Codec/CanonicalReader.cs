using System.Buffers.Binary;

namespace EnergyChain.Core.Codec;

/// <summary>
/// Strict reader for the canonical encoding. Every read is bounds-checked and throws
/// <see cref="DecodeException"/> (never IndexOutOfRange) so that bytes from a peer can only ever
/// produce a typed error.
/// </summary>
public ref struct CanonicalReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CanonicalReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadU8() => Take(1, "u8")[0];

    public ushort ReadU16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "u16"));

    public uint ReadU32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4, "u32"));

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8, "u64"));

    public long ReadI64() => BinaryPrimitives.ReadInt64BigEndian(Take(8, "i64"));

    public ReadOnlySpan<byte> ReadFixed(int length, string what) => Take(length, what);

    /// <summary>Reads a u32-length-prefixed byte string no longer than <paramref name="maxLength"/>.</summary>
    public ReadOnlySpan<byte> ReadBytes(int maxLength, string what)
    {
        var length = ReadU32();
        if (length > (uint)maxLength)
        {
            throw new DecodeException(DecodeError.TooLarge, $"{what}: length {length} exceeds the maximum {maxLength}");
        }

        return Take((int)length, what);
    }

    public string ReadShortAscii(int maxLength, string what)
    {
        var length = ReadU8();
        if (length > maxLength)
        {
            throw new DecodeException(DecodeError.TooLarge, $"{what}: length {length} exceeds the maximum {maxLength}");
        }

        var bytes = Take(length, what);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                throw new DecodeException(DecodeError.InvalidValue, $"{what}: not printable ASCII");
            }
        }

        return System.Text.Encoding.ASCII.GetString(bytes);
    }

    /// <summary>Canonical means nothing may follow the object.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (_position != _data.Length)
        {
            throw new DecodeException(DecodeError.TrailingBytes, $"{what}: {Remaining} unexpected trailing byte(s)");
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw new DecodeException(
                DecodeError.Truncated,
                $"{what}: needs {count} byte(s) at offset {_position} but only {Remaining} remain");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
