using System.Buffers.Binary;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using FsCheck;
using FsCheck.Fluent;

namespace EnergyChain.Core.Tests.Transactions;

public sealed class ModelUpdatePayloadTests
{
    private static readonly PrivateKey Alice = PrivateKey.FromSeed("codec/model/alice");

    [Fact]
    public void Round_trip_keeps_every_field_and_the_exact_bytes()
    {
        TxPayload[] payloads =
        [
            new ModelUpdatePayload(7, 1_440, ModelUpdatePayload.ShapeIdOf("mlp:6-64-64-2"), [0, 1, -1, ModelUpdatePayload.One, -ModelUpdatePayload.One, int.MaxValue, int.MinValue]),
            new ModelUpdatePayload(0, 1, 0, []),
            new ModelUpdatePayload(ulong.MaxValue, ulong.MaxValue, uint.MaxValue, new int[ModelUpdatePayload.MaxParameters]),
        ];
        foreach (var payload in payloads)
        {
            var tx = Transaction.Create("energychain-test", Alice, 3, 1, payload);
            var decoded = Transaction.Decode(tx.Encoded);
            Assert.Equal(payload, decoded.Payload);
            Assert.Equal(tx.Encoded.ToArray(), decoded.Encoded.ToArray());
            Assert.Equal(TxType.ModelUpdate, decoded.Type);
        }
    }

    [Fact]
    public void The_largest_update_fits_in_a_transaction()
    {
        var tx = Transaction.Create("energychain-test", Alice, 0, 0, new ModelUpdatePayload(1, 1, 1, new int[ModelUpdatePayload.MaxParameters]));

        // 64 KiB of weights + 24 header bytes + the transaction envelope, far below the 128 KiB limit.
        Assert.Equal(ModelUpdatePayload.HeaderSize + (4 * ModelUpdatePayload.MaxParameters), Body(tx).Length);
        Assert.True(tx.Size <= (64 * 1024) + 512, $"{tx.Size} bytes");
        Assert.True(tx.Size < Transaction.MaxEncodedSize);
    }

    [Fact]
    public void Encoding_is_big_endian_and_count_prefixed()
    {
        var tx = Transaction.Create("energychain-test", Alice, 0, 0, new ModelUpdatePayload(0x0102, 3, 0xAABBCCDD, [1, -2]));
        Assert.Equal(
            "0000000000000102" + "0000000000000003" + "AABBCCDD" + "00000002" + "00000001" + "FFFFFFFE",
            Convert.ToHexString(Body(tx)));
        Assert.Equal("00000002" + "00000001" + "FFFFFFFE", Convert.ToHexString(ModelUpdatePayload.EncodeWeights([1, -2])));
    }

    [Fact]
    public void Property_round_trip_for_random_weights()
    {
        var cases = from round in ArbMap.Default.GeneratorFor<ulong>()
                    from samples in ArbMap.Default.GeneratorFor<ulong>()
                    from shape in ArbMap.Default.GeneratorFor<uint>()
                    from weights in ArbMap.Default.GeneratorFor<int[]>()
                    select new ModelUpdatePayload(round, samples == 0 ? 1 : samples, shape, weights);

        Prop.ForAll(cases.ToArbitrary(), payload =>
        {
            var decoded = Transaction.Decode(Transaction.Create("chain-a", Alice, 0, 0, payload).Encoded).Payload;
            return decoded.Equals(payload);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_count_above_the_maximum_is_refused_before_reading_the_weights()
    {
        var body = Header(1, 1, 0, ModelUpdatePayload.MaxParameters + 1);
        var e = Assert.Throws<DecodeException>(() => Decode(body));
        Assert.Equal(DecodeError.TooLarge, e.Error);
        Assert.Contains("16385 weights exceed the maximum 16384", e.Message);

        var huge = Header(1, 1, 0, uint.MaxValue);
        Assert.Equal(DecodeError.TooLarge, Assert.Throws<DecodeException>(() => Decode(huge)).Error);
    }

    [Fact]
    public void A_count_that_does_not_match_the_remaining_bytes_is_refused()
    {
        // Claims 3 weights, carries 2: truncated.
        byte[] shortBody = [.. Header(1, 1, 0, 3), .. new byte[8]];
        var e = Assert.Throws<DecodeException>(() => Decode(shortBody));
        Assert.Equal(DecodeError.Truncated, e.Error);
        Assert.Contains("3 weights need 12 bytes but 8 remain", e.Message);

        // Claims 1 weight, carries 1 and a half: trailing bytes.
        byte[] longBody = [.. Header(1, 1, 0, 1), .. new byte[6]];
        e = Assert.Throws<DecodeException>(() => Decode(longBody));
        Assert.Equal(DecodeError.TrailingBytes, e.Error);
        Assert.Contains("1 weights need 4 bytes but 6 remain", e.Message);

        // Header cut short.
        Assert.Equal(DecodeError.Truncated, Assert.Throws<DecodeException>(() => Decode(Header(1, 1, 0, 0)[..^1])).Error);
    }

    [Fact]
    public void A_zero_sample_count_is_refused_by_the_decoder_and_the_encoder()
    {
        var e = Assert.Throws<DecodeException>(() => Decode(Header(1, 0, 0, 0)));
        Assert.Equal(DecodeError.InvalidValue, e.Error);
        Assert.Contains("sample count", e.Message);

        Assert.Throws<ArgumentException>(() => Transaction.Create("chain-a", Alice, 0, 0, new ModelUpdatePayload(1, 0, 0, [])));
        Assert.Throws<ArgumentException>(() =>
            Transaction.Create("chain-a", Alice, 0, 0, new ModelUpdatePayload(1, 1, 0, new int[ModelUpdatePayload.MaxParameters + 1])));
    }

    [Fact]
    public void Random_and_mutated_bodies_only_ever_give_a_decode_error()
    {
        var valid = Body(Transaction.Create("chain-a", Alice, 0, 0, new ModelUpdatePayload(5, 9, 77, [1, 2, 3, 4])));
        var state = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < 2_000; i++)
        {
            state = (state * 6364136223846793005UL) + 1442695040888963407UL;
            var mutated = (byte[])valid.Clone();
            mutated[(int)(state >> 33) % mutated.Length] ^= (byte)(state >> 8);
            var length = (int)((state >> 20) % (ulong)(mutated.Length + 1));
            try
            {
                var payload = (ModelUpdatePayload)Decode(mutated[..length]);
                Assert.Equal((long)ModelUpdatePayload.HeaderSize + (4L * payload.Weights.Length), length);
            }
            catch (DecodeException)
            {
            }
        }
    }

    [Fact]
    public void Shape_ids_are_stable_and_distinguish_shapes()
    {
        Assert.Equal(ModelUpdatePayload.ShapeIdOf("mlp:6-64-64-2"), ModelUpdatePayload.ShapeIdOf("mlp:6-64-64-2"));
        Assert.NotEqual(ModelUpdatePayload.ShapeIdOf("mlp:6-64-64-2"), ModelUpdatePayload.ShapeIdOf("mlp:6-64-64-3"));

        // First four bytes of SHA-256("EnergyChain/model-shape/v1" || "x"), computed independently.
        var digest = System.Security.Cryptography.SHA256.HashData("EnergyChain/model-shape/v1x"u8);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(digest), ModelUpdatePayload.ShapeIdOf("x"));
    }

    [Fact]
    public void Equality_compares_weights_by_value()
    {
        Assert.Equal(new ModelUpdatePayload(1, 2, 3, [4, 5]), new ModelUpdatePayload(1, 2, 3, [4, 5]));
        Assert.NotEqual(new ModelUpdatePayload(1, 2, 3, [4, 5]), new ModelUpdatePayload(1, 2, 3, [4, 6]));
        Assert.NotEqual(new ModelUpdatePayload(1, 2, 3, [4, 5]), new ModelUpdatePayload(1, 2, 4, [4, 5]));
    }

    [Fact]
    public void Model_updates_are_recorded_in_blocks_and_only_cost_nonce_and_fee()
    {
        var t = new TestChain(users: 1);
        var a = t.Users[0];
        var update = new ModelUpdatePayload(1, 24, ModelUpdatePayload.ShapeIdOf("mlp:2"), [ModelUpdatePayload.One, -ModelUpdatePayload.One]);
        var block = t.Commit([t.Signed(a, 0, update, fee: 3)]);

        Assert.Equal(TestChain.InitialBalance - 3, t.Chain.GetAccount(a.Address).Balance);
        Assert.Equal(1UL, t.Chain.GetAccount(a.Address).Nonce);
        Assert.Equal(update, t.Store.GetBlock(block.Height)!.Transactions[0].Payload);
    }

    private static byte[] Header(ulong round, ulong samples, uint shape, long count)
    {
        var bytes = new byte[ModelUpdatePayload.HeaderSize];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, round);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), samples);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), shape);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)count);
        return bytes;
    }

    private static byte[] Body(Transaction tx)
    {
        // version | chain id | sender | nonce | fee | type | u32 len + payload | signature
        var encoded = tx.Encoded.ToArray();
        var offset = 1 + 1 + encoded[1] + PublicKey.Size + 8 + 8 + 1;
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(encoded.AsSpan(offset));
        return encoded.AsSpan(offset + 4, length).ToArray();
    }

    private static TxPayload Decode(byte[] body)
    {
        // Re-wrap the body in a transaction encoding so the public decoder is exercised end to end.
        var template = Transaction.Create("energychain-test", Alice, 0, 0, new StakePayload(1)).Encoded.ToArray();
        var typeOffset = 1 + 1 + template[1] + PublicKey.Size + 8 + 8;
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)body.Length);
        byte[] bytes = [.. template.AsSpan(0, typeOffset), (byte)TxType.ModelUpdate, .. length, .. body, .. new byte[Signature.Size]];
        return Transaction.Decode(bytes).Payload;
    }
}
