namespace EnergyChain.Core.Crypto;

/// <summary>Compact ECDSA signature r || s (64 bytes, big-endian), always in low-S form on this chain.</summary>
public static class Signature
{
    public const int Size = 64;
}
