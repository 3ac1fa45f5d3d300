using System.Buffers.Binary;

namespace EnergyChain.Core.Codec;

/// <summary>
/// Writes the one canonical binary encoding of consensus objects: fixed-width big-endian integers,
/// length-prefixed byte strings, no optional fields. Whatever is hashed or signed is written with this.
/// </summary>
public sealed class CanonicalWriter
{
    private byte[] _buffer;
    private int _length;

    public CanonicalWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Reset() => _length = 0;

    public void WriteU8(byte value) => Reserve(1)[0] = value;

    public void WriteU16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteU32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteU64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);

    public void WriteI64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    /// <summary>Raw bytes of a length both sides know (hashes, keys, signatures).</summary>
    public void WriteFixed(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>A byte string with a u32 length prefix.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteU32(checked((uint)bytes.Length));
        WriteFixed(bytes);
    }

    /// <summary>A short ASCII string with a u8 length prefix (identifiers such as the chain id).</summary>
    public void WriteShortAscii(string value)
    {
        if (value.Length > byte.MaxValue)
        {
            throw new ArgumentException("short string longer than 255 characters", nameof(value));
        }

        WriteU8((byte)value.Length);
        var span = Reserve(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c > 0x7F)
            {
                throw new ArgumentException("short string must be ASCII", nameof(value));
            }

            span[i] = (byte)c;
        }
    }

    /// <summary>Reserves space for a value whose length is only known after it is written.</summary>
    public int ReserveU32Slot()
    {
        var offset = _length;
        Reserve(4);
        return offset;
    }

    public void PatchU32(int offset, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(offset, 4), value);

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var size = _buffer.Length;
            while (size < _length + count)
            {
                size *= 2;
            }

            Array.Resize(ref _buffer, size);
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
