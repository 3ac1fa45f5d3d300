using System.Runtime.InteropServices;

namespace EnergyChain.Core.Crypto;

/// <summary>The 33 bytes of a compressed key as a dictionary key (per-process randomized hash).</summary>
internal readonly struct CompressedKey : IEquatable<CompressedKey>
{
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;
    private readonly byte _e;

    public CompressedKey(ReadOnlySpan<byte> bytes)
    {
        _a = MemoryMarshal.Read<ulong>(bytes);
        _b = MemoryMarshal.Read<ulong>(bytes[8..]);
        _c = MemoryMarshal.Read<ulong>(bytes[16..]);
        _d = MemoryMarshal.Read<ulong>(bytes[24..]);
        _e = bytes[32];
    }

    public bool Equals(CompressedKey other) =>
        _a == other._a && _b == other._b && _c == other._c && _d == other._d && _e == other._e;

    public override bool Equals(object? obj) => obj is CompressedKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d, _e);
}
