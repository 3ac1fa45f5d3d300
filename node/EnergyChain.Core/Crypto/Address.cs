using System.Buffers.Binary;

namespace EnergyChain.Core.Crypto;

/// <summary>
/// An account address: the first 20 bytes of SHA-256 over the compressed public key. Its text form is
/// <c>ec</c> + 40 hex digits + 8 hex digits of checksum, so a mistyped address is refused rather than
/// sending funds nowhere.
/// </summary>
public readonly struct Address : IEquatable<Address>, IComparable<Address>
{
    public const int Size = 20;
    public const string Prefix = "ec";
    public const int TextLength = 2 + (Size * 2) + 8;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly uint _c;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an address is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    public static Address Zero => default;

    /// <summary>The first byte, used to spread accounts over state buckets (addresses are uniform hashes).</summary>
    public int BucketKey(int bits) => (int)(_a >> (64 - bits));

    public static Address FromPublicKey(PublicKey publicKey)
    {
        Span<byte> digest = stackalloc byte[32];
        Sha256.HashData(publicKey.Span, digest);
        return new Address(digest[..Size]);
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _c);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        Span<byte> digest = stackalloc byte[32];
        Sha256.HashData(bytes, digest);
        return Prefix + Convert.ToHexStringLower(bytes) + Convert.ToHexStringLower(digest[..4]);
    }

    public static Address Parse(string text)
    {
        if (!TryParse(text, out var address, out var error))
        {
            throw new FormatException(error);
        }

        return address;
    }

    public static bool TryParse(string? text, out Address address, out string error)
    {
        address = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != TextLength)
        {
            error = $"an address is '{Prefix}' followed by 48 hexadecimal characters";
            return false;
        }

        Span<byte> raw = stackalloc byte[Size + 4];
        if (Convert.FromHexString(text.AsSpan(2), raw, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != raw.Length)
        {
            error = "an address may only contain hexadecimal characters after the 'ec' prefix";
            return false;
        }

        Span<byte> digest = stackalloc byte[32];
        Sha256.HashData(raw[..Size], digest);
        if (!digest[..4].SequenceEqual(raw[Size..]))
        {
            error = "address checksum does not match (mistyped address?)";
            return false;
        }

        address = new Address(raw[..Size]);
        error = string.Empty;
        return true;
    }

    public bool Equals(Address other) => _a == other._a && _b == other._b && _c == other._c;

    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c);

    public int CompareTo(Address other)
    {
        var c = _a.CompareTo(other._a);
        if (c != 0)
        {
            return c;
        }

        c = _b.CompareTo(other._b);
        return c != 0 ? c : _c.CompareTo(other._c);
    }

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
