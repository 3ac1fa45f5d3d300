namespace EnergyChain.Core.Crypto;

/// <summary>
/// A compressed secp256k1 public key (33 bytes, prefix 0x02 or 0x03). Construction checks only the
/// shape; whether the bytes are a point on the curve is checked by signature verification.
/// </summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    public const int Size = 33;

    private readonly byte[] _bytes;
    private Address? _address;

    private PublicKey(byte[] bytes)
    {
        _bytes = bytes;
    }

    public ReadOnlySpan<byte> Span => _bytes;

    public Address Address => _address ??= Address.FromPublicKey(this);

    public static bool HasValidShape(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Size && (bytes[0] == 0x02 || bytes[0] == 0x03);

    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!HasValidShape(bytes))
        {
            throw new FormatException("a public key is 33 bytes of compressed secp256k1 point starting with 02 or 03");
        }

        return new PublicKey(bytes.ToArray());
    }

    public static PublicKey Parse(string hex)
    {
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }

        if (hex.Length != Size * 2)
        {
            throw new FormatException("a public key is 66 hexadecimal characters (compressed secp256k1 point)");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException("a public key may only contain hexadecimal characters");
        }

        return FromBytes(bytes);
    }

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public override string ToString() => Convert.ToHexStringLower(_bytes);

    public bool Equals(PublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
}
