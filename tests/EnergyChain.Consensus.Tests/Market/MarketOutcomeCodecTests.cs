using EnergyChain.Consensus.Market;

namespace EnergyChain.Consensus.Tests.Market;

public sealed class MarketOutcomeCodecTests
{
    [Fact]
    public void Encode_decode_round_trips_and_equality_is_by_encoding()
    {
        foreach (var n in new[] { 0, 1, 10, 120 })
        {
            var outcome = CoalitionFormation.Form(MarketTestData.Random((ulong)n + 3, n), MarketTestData.Grid);
            var bytes = outcome.Encode();
            var decoded = MarketOutcome.Decode(bytes);
            Assert.Equal(bytes, decoded.Encode());
            Assert.Equal(outcome, decoded);
            Assert.Equal(outcome.GetHashCode(), decoded.GetHashCode());
        }
    }

    [Fact]
    public void Every_truncation_throws_the_typed_exception()
    {
        var bytes = CoalitionFormation.Form(MarketTestData.Random(8, 12), MarketTestData.Grid).Encode();
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<MarketOutcomeFormatException>(() => MarketOutcome.Decode(prefix));
        }

        Assert.Throws<MarketOutcomeFormatException>(() => MarketOutcome.Decode([.. bytes, 0]));
    }

    [Fact]
    public void Mutated_bytes_either_throw_the_typed_exception_or_decode_to_a_canonical_outcome()
    {
        var bytes = CoalitionFormation.Form(MarketTestData.Random(9, 15), MarketTestData.Grid).Encode();
        var rng = new MarketTestData.SplitMix(42);
        var rejected = 0;
        for (var trial = 0; trial < 20_000; trial++)
        {
            var mutated = bytes.ToArray();
            var flips = 1 + (int)(rng.Next() % 4);
            for (var f = 0; f < flips; f++)
            {
                mutated[rng.Next() % (ulong)mutated.Length] ^= (byte)(1 + (rng.Next() % 255));
            }

            try
            {
                var decoded = MarketOutcome.Decode(mutated);
                Assert.Equal(mutated, decoded.Encode());
            }
            catch (MarketOutcomeFormatException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 10_000, $"only {rejected} of 20,000 mutations were rejected");
    }

    [Fact]
    public void Random_bytes_throw_the_typed_exception()
    {
        var rng = new MarketTestData.SplitMix(5);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var data = new byte[rng.Next() % 200];
            for (var k = 0; k < data.Length; k++)
            {
                data[k] = (byte)rng.Next();
            }

            if (trial % 2 == 0 && data.Length >= 5)
            {
                "ECMO"u8.CopyTo(data);
                data[4] = 1;
            }

            Assert.Throws<MarketOutcomeFormatException>(() => MarketOutcome.Decode(data));
        }
    }
}
