using EnergyChain.Core.Codec;

namespace EnergyChain.Core.State;

/// <summary>
/// Account state. Money is in micro-units (1 EC = 1,000,000), never fractional; heights are block heights.
/// Encoding (version 2):
/// <code>
/// u8 version=2 | u64 balance | u64 nonce | u64 stake | u64 slashed total
/// | u64 unbonding | u64 unbonding release height | u64 excluded until height | u64 last slashed height
/// </code>
/// <para>
/// <see cref="Unbonding"/> is stake on its way back to the balance: it no longer counts as stake, cannot be
/// spent before <see cref="UnbondingReleaseHeight"/>, and can still be slashed. It is 0 exactly when the
/// release height is 0. <see cref="ExcludedUntilHeight"/> is set by slashing: consensus engines must not
/// elect the member at a height below it. <see cref="LastSlashedHeight"/> is the height of the last offence
/// slashed, so one offence is slashed once.
/// </para>
/// </summary>
public readonly record struct Account(
    ulong Balance,
    ulong Nonce,
    ulong Stake,
    ulong SlashedTotal,
    ulong Unbonding = 0,
    ulong UnbondingReleaseHeight = 0,
    ulong ExcludedUntilHeight = 0,
    ulong LastSlashedHeight = 0)
{
    public const byte CurrentVersion = 2;
    public const int EncodedSize = 1 + (8 * 8);

    public static Account Empty => default;

    public bool IsEmpty => this == default;

    /// <summary>Whether pending unbonding funds may move to the balance in a block at <paramref name="height"/>.</summary>
    public bool HasMaturedUnbonding(ulong height) => Unbonding != 0 && height >= UnbondingReleaseHeight;

    /// <summary>
    /// The account with its matured unbonding funds moved to the balance, as they are at <paramref name="height"/>
    /// (unchanged if nothing has matured). False only when the balance would overflow 64 bits.
    /// </summary>
    public bool TryRelease(ulong height, out Account released)
    {
        released = this;
        if (!HasMaturedUnbonding(height))
        {
            return true;
        }

        var balance = unchecked(Balance + Unbonding);
        if (balance < Balance)
        {
            return false;
        }

        released = this with { Balance = balance, Unbonding = 0, UnbondingReleaseHeight = 0 };
        return true;
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU8(CurrentVersion);
        writer.WriteU64(Balance);
        writer.WriteU64(Nonce);
        writer.WriteU64(Stake);
        writer.WriteU64(SlashedTotal);
        writer.WriteU64(Unbonding);
        writer.WriteU64(UnbondingReleaseHeight);
        writer.WriteU64(ExcludedUntilHeight);
        writer.WriteU64(LastSlashedHeight);
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
            throw new DecodeException(DecodeError.UnsupportedVersion, $"account version {version} is not supported (expected {CurrentVersion})");
        }

        var account = new Account(
            reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(),
            reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64());
        reader.EnsureEnd("account");
        if ((account.Unbonding == 0) != (account.UnbondingReleaseHeight == 0))
        {
            throw new DecodeException(DecodeError.InvalidValue, "account: unbonding amount and release height must be both zero or both set");
        }

        return account;
    }
}
