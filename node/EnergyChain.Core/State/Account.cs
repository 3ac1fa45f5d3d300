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
    ulong LastSlashedHeight = 0,
    byte[]? Data = null)
{
    public const byte CurrentVersion = 2;

    /// <summary>Version of an account that carries <see cref="Data"/> (contract code or a contract storage entry).</summary>
    public const byte DataVersion = 3;

    /// <summary>Encoded size of an account without data (version 2).</summary>
    public const int EncodedSize = 1 + (8 * 8);

    /// <summary>Largest <see cref="Data"/> accepted: a contract module (64 KiB) plus a small header.</summary>
    public const int MaxDataSize = (64 * 1024) + 64;

    public static Account Empty => default;

    public bool IsEmpty => this == default;

    /// <summary>Whether the record carries data (a contract or a contract storage entry).</summary>
    public bool HasData => Data is { Length: > 0 };

    /// <summary>Value equality, <see cref="Data"/> compared by content (null and empty are the same).</summary>
    public bool Equals(Account other) =>
        Balance == other.Balance && Nonce == other.Nonce && Stake == other.Stake && SlashedTotal == other.SlashedTotal
        && Unbonding == other.Unbonding && UnbondingReleaseHeight == other.UnbondingReleaseHeight
        && ExcludedUntilHeight == other.ExcludedUntilHeight && LastSlashedHeight == other.LastSlashedHeight
        && Data.AsSpan().SequenceEqual(other.Data.AsSpan());

    public override int GetHashCode() =>
        HashCode.Combine(Balance, Nonce, Stake, SlashedTotal, Unbonding, UnbondingReleaseHeight, ExcludedUntilHeight, HashCode.Combine(LastSlashedHeight, Data?.Length ?? 0));

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
        writer.WriteU8(HasData ? DataVersion : CurrentVersion);
        writer.WriteU64(Balance);
        writer.WriteU64(Nonce);
        writer.WriteU64(Stake);
        writer.WriteU64(SlashedTotal);
        writer.WriteU64(Unbonding);
        writer.WriteU64(UnbondingReleaseHeight);
        writer.WriteU64(ExcludedUntilHeight);
        writer.WriteU64(LastSlashedHeight);
        if (HasData)
        {
            writer.WriteBytes(Data);
        }
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EncodedSize + (HasData ? 4 + Data!.Length : 0));
        Write(writer);
        return writer.ToArray();
    }

    public static Account Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var account = Read(ref reader);
        reader.EnsureEnd("account");
        return account;
    }

    /// <summary>Reads one account (version 2, or version 3 with data) from <paramref name="reader"/>.</summary>
    public static Account Read(ref CanonicalReader reader)
    {
        var version = reader.ReadU8();
        if (version != CurrentVersion && version != DataVersion)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"account version {version} is not supported (expected {CurrentVersion} or {DataVersion})");
        }

        var account = new Account(
            reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64(),
            reader.ReadU64(), reader.ReadU64(), reader.ReadU64(), reader.ReadU64());
        if (version == DataVersion)
        {
            var data = reader.ReadBytes(MaxDataSize, "account data").ToArray();
            if (data.Length == 0)
            {
                throw new DecodeException(DecodeError.InvalidValue, "account: version 3 with empty data (must be version 2)");
            }

            account = account with { Data = data };
        }

        if ((account.Unbonding == 0) != (account.UnbondingReleaseHeight == 0))
        {
            throw new DecodeException(DecodeError.InvalidValue, "account: unbonding amount and release height must be both zero or both set");
        }

        return account;
    }
}
