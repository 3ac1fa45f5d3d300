using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Tests.Transactions;

public sealed class MembershipPayloadCodecTests
{
    private static readonly PrivateKey Alice = PrivateKey.FromSeed("codec/alice");
    private static readonly PrivateKey Meter = PrivateKey.FromSeed("codec/meter");

    private static int PayloadStart => 1 + 1 + "chain-a".Length + PublicKey.Size + 8 + 8 + 1 + 4;

    public static TheoryData<TxPayload> Payloads() =>
    [
        new MemberJoinPayload("household-7", Meter.PublicKey, MemberRole.Household, "feeder-2/bus-7", 5_000_000),
        new MemberJoinPayload("ev-3", null, MemberRole.Ev, "depot", 1),
        new MemberVotePayload(Meter.Address, true),
        new MemberVotePayload(Meter.Address, false),
        new MemberLeavePayload(),
        new MemberEvictPayload(Meter.Address, "offline since March"),
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Membership_payloads_round_trip(TxPayload payload)
    {
        var tx = Transaction.Create("chain-a", Alice, 3, 10, payload);
        var decoded = Transaction.Decode(tx.Encoded.ToArray());
        Assert.Equal(payload, decoded.Payload);
        Assert.Equal(tx.Hash, decoded.Hash);
    }

    [Fact]
    public void A_join_with_an_unknown_role_or_meter_flag_is_refused()
    {
        var encoded = Transaction.Create("chain-a", Alice, 1, 0, new MemberJoinPayload("h", null, MemberRole.Household, "", 1)).Encoded.ToArray();
        var flag = PayloadStart + 1 + 1;
        foreach (var (offset, value) in new[] { (flag, (byte)2), (flag + 1, (byte)0), (flag + 1, (byte)3) })
        {
            var bad = (byte[])encoded.Clone();
            bad[offset] = value;
            Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Transaction.Decode(bad)).Error);
        }
    }

    [Fact]
    public void A_vote_flag_other_than_0_or_1_is_refused()
    {
        var encoded = Transaction.Create("chain-a", Alice, 1, 0, new MemberVotePayload(Meter.Address, true)).Encoded.ToArray();
        encoded[PayloadStart + Address.Size] = 2;
        Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Transaction.Decode(encoded)).Error);
    }
}
