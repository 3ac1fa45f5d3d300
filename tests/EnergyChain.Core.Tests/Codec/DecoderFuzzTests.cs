using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Codec;

/// <summary>
/// Random and mutated bytes must only ever produce a <see cref="DecodeException"/>. Seeded, so a failure
/// replays; raise ENERGYCHAIN_FUZZ_ITERATIONS for a long run.
/// </summary>
public sealed class DecoderFuzzTests
{
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("ENERGYCHAIN_FUZZ_ITERATIONS"), out var n) ? n : 20_000;

    [Fact]
    public void Mutated_transactions_never_crash_the_decoder()
    {
        var chain = new TestChain(users: 3);
        var seeds = new[]
        {
            chain.Transfer(chain.Users[0], chain.Users[1].Address, 10, 1).Encoded.ToArray(),
            chain.Signed(chain.Users[1], 0, new StakePayload(99)).Encoded.ToArray(),
            chain.Signed(chain.Users[2], 0, new UnstakePayload(1)).Encoded.ToArray(),
            chain.Signed(chain.Users[0], 1, Execution.EvidenceTests.DoubleSign(chain.Users[1], height: 3)).Encoded.ToArray(),
        };
        var random = new Random(20261122);
        var decoded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = Mutate(random, seeds[i % seeds.Length]);
            try
            {
                var tx = Transaction.Decode(input);
                decoded++;
                // Whatever decodes must re-encode to exactly the input: one encoding per transaction.
                Assert.Equal(input, tx.Encoded.ToArray());
            }
            catch (DecodeException)
            {
            }
        }

        Assert.True(decoded > 0, "mutations that keep the structure should still decode sometimes");
    }

    [Fact]
    public void Mutated_blocks_never_crash_the_decoder()
    {
        var chain = new TestChain(users: 4);
        var block = chain.Build(chain.RoundRobinTransfers(6)).Encode();
        var random = new Random(42);
        for (var i = 0; i < Iterations / 4; i++)
        {
            var input = Mutate(random, block);
            try
            {
                var decoded = Block.Decode(input);
                Assert.Equal(input, decoded.Encode());
            }
            catch (DecodeException)
            {
            }
        }
    }

    [Fact]
    public void Random_bytes_never_crash_any_decoder()
    {
        var random = new Random(7);
        for (var i = 0; i < Iterations; i++)
        {
            var input = new byte[random.Next(0, 400)];
            random.NextBytes(input);
            if (input.Length > 0 && random.Next(2) == 0)
            {
                input[0] = 1; // get past the version byte more often
            }

            Expect(() => Transaction.Decode(input));
            Expect(() => Block.Decode(input));
            Expect(() => Account.Decode(input));
        }
    }

    [Fact]
    public void Huge_declared_counts_do_not_allocate()
    {
        var chain = new TestChain(users: 2);
        var block = chain.Build([]).Encode();
        // The tx count is the last 4 bytes of an empty block; claim 4 billion transactions.
        block[^4] = 0xFF;
        block[^3] = 0xFF;
        block[^2] = 0xFF;
        block[^1] = 0xFF;
        Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Block.Decode(block)).Error);
    }

    private static void Expect(Action decode)
    {
        try
        {
            decode();
        }
        catch (DecodeException)
        {
        }
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0: // flip bits
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 2: // extend
                var extra = new byte[random.Next(1, 16)];
                random.NextBytes(extra);
                return [.. bytes, .. extra];
            case 3: // overwrite a length-like field with extremes
                var at = random.Next(Math.Max(1, bytes.Length - 4));
                var value = random.Next(3) switch { 0 => 0u, 1 => uint.MaxValue, _ => (uint)random.Next() };
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at, Math.Min(4, bytes.Length - at)).Length == 4 ? bytes.AsSpan(at, 4) : new byte[4], value);
                return bytes;
            case 4: // delete a range
                var start = random.Next(bytes.Length);
                var length = random.Next(1, Math.Min(16, bytes.Length - start) + 1);
                return [.. bytes[..start], .. bytes[(start + length)..]];
            default: // random byte values
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
        }
    }
}
