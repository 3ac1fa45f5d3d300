using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace EnergyChain.Core.Tests.Transactions;

public sealed class TransactionCodecTests
{
    private static readonly PrivateKey Alice = PrivateKey.FromSeed("codec/alice");
    private static readonly PrivateKey Bob = PrivateKey.FromSeed("codec/bob");

    [Fact]
    public void Round_trip_keeps_every_field_and_the_exact_bytes()
    {
        var tx = Transaction.Create("energychain-test", Alice, 7, 15, new TransferPayload(Bob.Address, 1_234_567));
        var decoded = Transaction.Decode(tx.Encoded);

        Assert.Equal(tx.Encoded.ToArray(), decoded.Encoded.ToArray());
        Assert.Equal(tx.Hash, decoded.Hash);
        Assert.Equal(tx.SigningHash, decoded.SigningHash);
        Assert.Equal("energychain-test", decoded.ChainId);
        Assert.Equal(Alice.PublicKey, decoded.Sender);
        Assert.Equal(7UL, decoded.Nonce);
        Assert.Equal(15UL, decoded.Fee);
        Assert.Equal(new TransferPayload(Bob.Address, 1_234_567), decoded.Payload);
    }

    [Fact]
    public void Property_round_trip_for_random_fields()
    {
        var payloads = Gen.OneOf(
            ArbMap.Default.GeneratorFor<ulong>().Select(a => (TxPayload)new TransferPayload(Bob.Address, a)),
            ArbMap.Default.GeneratorFor<ulong>().Select(a => (TxPayload)new StakePayload(a)),
            ArbMap.Default.GeneratorFor<ulong>().Select(a => (TxPayload)new UnstakePayload(a)),
            ArbMap.Default.GeneratorFor<ulong>().Select(a => (TxPayload)new EnergyReportPayload(a % 7, a, a / 3)),
            ArbMap.Default.GeneratorFor<ulong>().Select(a => (TxPayload)new EvReportPayload((uint)(a % 1_000_001), 800_000, a, a / 2, a % 2 == 0)));
        var cases = from nonce in ArbMap.Default.GeneratorFor<ulong>()
                    from fee in ArbMap.Default.GeneratorFor<ulong>()
                    from payload in payloads
                    select (nonce, fee, payload);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var tx = Transaction.Create("chain-a", Alice, c.nonce, c.fee, c.payload);
            var decoded = Transaction.Decode(tx.Encoded);
            return decoded.Hash == tx.Hash && decoded.Nonce == c.nonce && decoded.Fee == c.fee && decoded.Payload == c.payload;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Chain_id_and_nonce_are_signed()
    {
        var tx = Transaction.Create("chain-a", Alice, 1, 0, new StakePayload(5));
        var otherChain = Transaction.Create("chain-b", Alice, 1, 0, new StakePayload(5));
        var otherNonce = Transaction.Create("chain-a", Alice, 2, 0, new StakePayload(5));

        Assert.NotEqual(tx.SigningHash, otherChain.SigningHash);
        Assert.NotEqual(tx.SigningHash, otherNonce.SigningHash);

        // Transplanting the signature onto the other chain's body must fail verification.
        var forged = otherChain.Encoded.ToArray();
        tx.Signature.CopyTo(forged.AsSpan(forged.Length - Signature.Size));
        var decoded = Transaction.Decode(forged);
        Span<byte> hash = stackalloc byte[32];
        decoded.SigningHash.CopyTo(hash);
        Assert.False(CryptoBackends.Default.Verify(decoded.Sender.Span, hash, decoded.Signature));
    }

    [Theory]
    [InlineData(0, DecodeError.UnsupportedVersion)]
    [InlineData(1, DecodeError.Truncated)]
    public void Malformed_headers_give_typed_errors(int variant, DecodeError expected)
    {
        var bytes = Transaction.Create("chain-a", Alice, 1, 0, new StakePayload(5)).Encoded.ToArray();
        var input = variant switch
        {
            0 => [2, .. bytes[1..]],
            _ => bytes[..40],
        };
        var error = Assert.Throws<DecodeException>(() => Transaction.Decode(input));
        Assert.Equal(expected, error.Error);
    }

    [Fact]
    public void Trailing_bytes_unknown_and_reserved_types_are_refused()
    {
        var bytes = Transaction.Create("chain-a", Alice, 1, 0, new StakePayload(5)).Encoded.ToArray();
        Assert.Equal(DecodeError.TrailingBytes, Assert.Throws<DecodeException>(() => Transaction.Decode([.. bytes, 0])).Error);

        var typeOffset = 1 + 1 + "chain-a".Length + PublicKey.Size + 8 + 8;
        Assert.Equal((byte)TxType.Stake, bytes[typeOffset]);
        var reserved = (byte[])bytes.Clone();
        reserved[typeOffset] = (byte)TxType.TradeOrder;
        var e = Assert.Throws<DecodeException>(() => Transaction.Decode(reserved));
        Assert.Equal(DecodeError.UnknownType, e.Error);
        Assert.Contains("reserved", e.Message);

        var unknown = (byte[])bytes.Clone();
        unknown[typeOffset] = 200;
        Assert.Equal(DecodeError.UnknownType, Assert.Throws<DecodeException>(() => Transaction.Decode(unknown)).Error);
    }

    [Fact]
    public void EV_report_fields_are_range_checked_by_the_decoder()
    {
        var valid = Transaction.Create("chain-a", Alice, 1, 0, new EvReportPayload(500_000, 800_000, 3_000, 0, true)).Encoded.ToArray();
        Assert.Equal(new EvReportPayload(500_000, 800_000, 3_000, 0, true), Transaction.Decode(valid).Payload);

        var payloadStart = 1 + 1 + "chain-a".Length + PublicKey.Size + 8 + 8 + 1 + 4;
        var socTooHigh = (byte[])valid.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(socTooHigh.AsSpan(payloadStart), 1_000_001);
        Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Transaction.Decode(socTooHigh)).Error);

        var departingTwo = (byte[])valid.Clone();
        departingTwo[payloadStart + 4 + 4 + 8 + 8] = 2;
        Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Transaction.Decode(departingTwo)).Error);
    }

    [Fact]
    public void V2V_intents_and_delivery_reports_round_trip_and_an_unknown_side_is_refused()
    {
        var intent = new V2vIntentPayload(42, V2vSide.Buy, 3_500, 17, 2, 40, 50);
        var delivery = new V2vDeliveryPayload(42, Bob.Address, 3_400);
        var encoded = Transaction.Create("chain-a", Alice, 1, 0, intent).Encoded.ToArray();
        Assert.Equal(intent, Transaction.Decode(encoded).Payload);
        Assert.Equal(delivery, Transaction.Decode(Transaction.Create("chain-a", Alice, 2, 0, delivery).Encoded.ToArray()).Payload);

        var payloadStart = 1 + 1 + "chain-a".Length + PublicKey.Size + 8 + 8 + 1 + 4;
        foreach (var side in new byte[] { 0, 3 })
        {
            var bad = (byte[])encoded.Clone();
            bad[payloadStart + 8] = side;
            Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Transaction.Decode(bad)).Error);
        }
    }

    [Fact]
    public void Sender_must_be_a_compressed_key_shape()
    {
        var bytes = Transaction.Create("chain-a", Alice, 1, 0, new StakePayload(5)).Encoded.ToArray();
        bytes[1 + 1 + "chain-a".Length] = 0x04;
        Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Transaction.Decode(bytes)).Error);
    }
}
