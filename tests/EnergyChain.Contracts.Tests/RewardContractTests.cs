using EnergyChain.Contracts.Native;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using static EnergyChain.Contracts.Tests.ContractHarness;

namespace EnergyChain.Contracts.Tests;

public sealed class RewardContractTests
{
    private static readonly Address Reward = SystemContracts.RewardAddress;

    public static TheoryData<long, long[]> AwkwardShares => new()
    {
        { 1_000_003, [2, 3, 5, 7, 11, 13] },
        { 999_999_937, [long.MaxValue / 2, 1, 1] },
        { 17, [0, 5, 0] },
        { 1, [1, 1, 1, 1, 1, 1, 1] },
        { 10, [3, 3, 3] },
        { 123_456_789, [1_000_000_007, 998_244_353, 0, 7] },
        { 5, [0, 0, 9] },
    };

    [Theory]
    [MemberData(nameof(AwkwardShares))]
    public void Distribution_sums_exactly_to_the_reward(long reward, long[] shares)
    {
        var h = new ContractHarness(users: 2);
        var recipients = Enumerable.Range(0, shares.Length).Select(i => PrivateKey.FromSeed($"recipient/{reward}/{i}").Address).ToArray();
        var receipt = h.CallOk(h.Users[0], Reward, 0, (ulong)reward, B(Concat(recipients)), B(Shares(shares)));
        var paid = recipients.Select(r => (long)h.Balance(r)).ToArray();
        Assert.Equal(reward, paid.Sum());
        Assert.Equal(0UL, h.Balance(Reward));
        var total = shares.Aggregate(Int128.Zero, (a, s) => a + s);
        for (var i = 0; i < shares.Length - 1; i++)
        {
            Assert.Equal((long)((Int128)reward * shares[i] / total), paid[i]);
        }

        Assert.Single(receipt.Events);
    }

    [Fact]
    public void Random_shares_never_leak()
    {
        var h = new ContractHarness(users: 2);
        var random = new Random(1234);
        for (var round = 0; round < 25; round++)
        {
            var n = random.Next(1, 12);
            var shares = Enumerable.Range(0, n).Select(_ => random.Next(0, 4) == 0 ? 0 : random.NextInt64(1, long.MaxValue / 64)).ToArray();
            shares[^1] = Math.Max(shares[^1], 1);
            var reward = random.NextInt64(1, 1_000_000_000);
            var recipients = Enumerable.Range(0, n).Select(i => PrivateKey.FromSeed($"r/{round}/{i}").Address).ToArray();
            h.CallOk(h.Users[round % 2], Reward, 0, (ulong)reward, B(Concat(recipients)), B(Shares(shares)));
            Assert.Equal(reward, recipients.Sum(r => (long)h.Balance(r)));
        }
    }

    [Fact]
    public void Bad_inputs_abort_and_keep_the_value_with_the_caller()
    {
        var h = new ContractHarness(users: 2);
        var user = h.Users[0];
        var recipients = Concat([h.Users[1].Address, PrivateKey.FromSeed("x").Address]);
        var before = h.Balance(user);
        var zero = h.Call(user, Reward, 0, 1_000, B(recipients), B(Shares([0, 0])));
        Assert.Equal((ContractStatus.Abort, 4), (zero.Status, zero.AbortCode));
        var mismatch = h.Call(user, Reward, 0, 1_000, B(recipients), B(Shares([1])));
        Assert.Equal((ContractStatus.Abort, 1), (mismatch.Status, mismatch.AbortCode));
        var negative = h.Call(user, Reward, 0, 1_000, B(recipients), B(Shares([-1, 2])));
        Assert.Equal((ContractStatus.Abort, 3), (negative.Status, negative.AbortCode));
        Assert.Equal(before - zero.GasFee - mismatch.GasFee - negative.GasFee, h.Balance(user));
        Assert.Equal(0UL, h.Balance(Reward));
    }

    [Fact]
    public void Mining_reward_is_delta_times_savings()
    {
        var h = new ContractHarness(users: 1);
        var r = h.CallOk(h.Users[0], Reward, 1, 0, I(1_234_567), I(100_000));
        Assert.Equal(123_456, r.Returns.Single().Integer);
    }

    internal static byte[] Concat(Address[] addresses) => [.. addresses.SelectMany(AddressBytes)];

    internal static byte[] Shares(long[] shares)
    {
        var bytes = new byte[shares.Length * 8];
        for (var i = 0; i < shares.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(i * 8), shares[i]);
        }

        return bytes;
    }
}
