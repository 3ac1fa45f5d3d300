using EnergyChain.Core.Codec;

namespace EnergyChain.Core.State;

/// <summary>
/// Account state. Money is in micro-units (1 EC = 1,000,000), never fractional.
/// Encoding: u8 version=1 | u64 balance | u64 nonce | u64 stake | u64 slashed total.
/// </summary>
public readonly record struct Account(ulong Balance, ulong Nonce, ulong Stake, ulong SlashedTotal)
{
    public const byte CurrentVersion = 1;
    public const int EncodedSize = 1 + (4 * 8);

    public static Account Empty => default;

    public bool IsEmpty => Balance == 0 && Nonce == 0 && Stake == 0 && SlashedTotal == 0;

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU8(CurrentVersion);
        writer.WriteU64(Balance);
        writer.WriteU64(Nonce);
        writer.WriteU64(Stake);
        writer.WriteU64(SlashedTotal);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EncodedSize);
        Write(writer);
        return writer.ToArray();
    }

    public static Account Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != CurrentVersion)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"account version {version} is not supported");
        }

        var account = new Account(reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64());
        reader.EnsureEnd("account");
        return account;
    }
}
