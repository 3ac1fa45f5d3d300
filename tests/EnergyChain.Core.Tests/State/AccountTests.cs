using EnergyChain.Core.Codec;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Tests.State;

public sealed class AccountTests
{
    private static readonly Account Full = new(1, 2, 3, 4, Unbonding: 5, UnbondingReleaseHeight: 6, ExcludedUntilHeight: 7, LastSlashedHeight: 8);

    [Fact]
    public void Encoding_is_version_2_with_eight_big_endian_u64_fields()
    {
        var bytes = Full.Encode();
        Assert.Equal(Account.EncodedSize, bytes.Length);
        Assert.Equal(65, bytes.Length);
        Assert.Equal(2, bytes[0]);
        for (var field = 0; field < 8; field++)
        {
            Assert.Equal((byte)(field + 1), bytes[1 + (8 * field) + 7]);
        }

        Assert.Equal(Full, Account.Decode(bytes));
    }

    [Fact]
    public void Other_versions_lengths_and_half_set_unbonding_are_refused()
    {
        var bytes = Full.Encode();
        var v1 = (byte[])bytes.Clone();
        v1[0] = 1;
        Assert.Equal(DecodeError.UnsupportedVersion, Assert.Throws<DecodeException>(() => Account.Decode(v1)).Error);
        Assert.Equal(DecodeError.Truncated, Assert.Throws<DecodeException>(() => Account.Decode(bytes.AsSpan(0, 33))).Error);
        Assert.Equal(DecodeError.TrailingBytes, Assert.Throws<DecodeException>(() => Account.Decode([.. bytes, 0])).Error);
        Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Account.Decode((Full with { Unbonding = 0 }).Encode())).Error);
        Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Account.Decode((Full with { UnbondingReleaseHeight = 0 }).Encode())).Error);
    }

    [Fact]
    public void Any_non_zero_field_keeps_an_account()
    {
        Assert.True(Account.Empty.IsEmpty);
        Assert.False(new Account(0, 0, 0, 0, ExcludedUntilHeight: 1).IsEmpty);
        Assert.False(new Account(0, 0, 0, 0, LastSlashedHeight: 1).IsEmpty);
        Assert.False(new Account(0, 0, 0, 0, Unbonding: 1, UnbondingReleaseHeight: 1).IsEmpty);
    }

    [Fact]
    public void Release_moves_matured_unbonding_to_the_balance_only_from_the_release_height()
    {
        var account = new Account(10, 0, 0, 0, Unbonding: 5, UnbondingReleaseHeight: 100);
        Assert.True(account.TryRelease(99, out var early));
        Assert.Equal(account, early);
        Assert.True(account.TryRelease(100, out var released));
        Assert.Equal(new Account(15, 0, 0, 0), released);
        Assert.False((account with { Balance = ulong.MaxValue }).TryRelease(100, out _));
    }
}
