using EnergyChain.Consensus.Market;

namespace EnergyChain.Consensus.Tests.Market;

public sealed class LossModelTests
{
    [Theory]
    [InlineData(0UL, 0L)]
    [InlineData(1UL, 1L)]
    [InlineData(3UL, 1L)]
    [InlineData(4UL, 2L)]
    [InlineData(99UL, 9L)]
    [InlineData(100UL, 10L)]
    [InlineData(80_000_000_000_000_000UL, 282_842_712L)]
    [InlineData(ulong.MaxValue, 4_294_967_295L)]
    public void Integer_sqrt_rounds_down(ulong value, long expected) => Assert.Equal(expected, LossModel.IntegerSqrt(value));

    [Fact]
    public void Integer_sqrt_brackets_the_root_for_many_values()
    {
        var rng = new MarketTestData.SplitMix(7);
        for (var k = 0; k < 10_000; k++)
        {
            var value = rng.Next() >> (int)(rng.Next() % 64);
            var r = (ulong)LossModel.IntegerSqrt(value);
            Assert.True(r * r <= value, $"{r}^2 > {value}");
            Assert.True((UInt128)(r + 1) * (r + 1) > value, $"({r}+1)^2 <= {value}");
        }
    }

    [Fact]
    public void Distance_is_the_floored_euclidean_distance()
    {
        Assert.Equal(5_000, LossModel.Distance(0, 0, 3_000, -4_000));
        Assert.Equal(1_414, LossModel.Distance(-500, -500, 500, 500));
        Assert.Equal(282_842_712, LossModel.Distance(-100_000_000, -100_000_000, 100_000_000, 100_000_000));
    }

    [Fact]
    public void Loss_is_energy_times_factor_times_distance_rounded_down()
    {
        // 10 kWh over 2 km at 2 %/km (20,000 ppm/km) = 4 % = 400 Wh.
        Assert.Equal(400, LossModel.LossWh(10_000, 2_000, 20_000));
        // 7 Wh over 1,234 m at 5,000 ppm/km: 7 * 5,000 * 1,234 / 10^9 = 0.04319 -> 0.
        Assert.Equal(0, LossModel.LossWh(7, 1_234, 5_000));
        // 1 TWh over the largest distance at 100 %/km does not overflow.
        Assert.Equal((long)((Int128)LossModel.MaxEnergyWh * 1_000_000 * 282_842_712 / 1_000_000_000), LossModel.LossWh(LossModel.MaxEnergyWh, 282_842_712, 1_000_000));
    }

    [Fact]
    public void Singleton_score_is_surplus_minus_loss_to_the_edc_for_sellers_and_zero_otherwise()
    {
        var grid = new GridParameters(1_000, 1_000, 5_000);
        var seller = new ProsumerInput(4_000, 5_000, 12_000, 2_000); // 5 km from the EDC, surplus 10 kWh, loss 2.5 %
        var buyer = new ProsumerInput(1_000, -2_000, 1_000, 9_000);  // 3 km, deficit 8 kWh, loss 1.5 %
        var neutral = new ProsumerInput(0, 0, 5_000, 5_000);

        Assert.Equal(250, LossModel.AloneLossWh(seller, grid));
        Assert.Equal(9_750, LossModel.SingletonScore(seller, grid));
        Assert.Equal(120, LossModel.AloneLossWh(buyer, grid));
        Assert.Equal(0, LossModel.SingletonScore(buyer, grid));
        Assert.Equal(0, LossModel.AloneLossWh(neutral, grid));
        Assert.Equal(0, LossModel.SingletonScore(neutral, grid));
    }

    [Theory]
    [InlineData(100_000_001L, 0L, 0L, 0L, "XMetres")]
    [InlineData(0L, -100_000_001L, 0L, 0L, "YMetres")]
    [InlineData(0L, 0L, -1L, 0L, "ProductionWh")]
    [InlineData(0L, 0L, 0L, 1_000_000_000_001L, "ConsumptionWh")]
    public void Out_of_range_inputs_are_rejected_with_a_clear_message(long x, long y, long production, long consumption, string field)
    {
        ProsumerInput[] prosumers = [new(0, 0, 1, 0), new(x, y, production, consumption)];
        var ex = Assert.Throws<ArgumentException>(() => CoalitionFormation.Form(prosumers, MarketTestData.Grid));
        Assert.Contains($"prosumer 1 {field}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_grid_parameters_are_rejected()
    {
        ProsumerInput[] prosumers = [new(0, 0, 1, 0)];
        Assert.Throws<ArgumentException>(() => CoalitionFormation.Form(prosumers, new GridParameters(0, 0, -1)));
        Assert.Throws<ArgumentException>(() => CoalitionFormation.Form(prosumers, new GridParameters(0, 0, 1_000_001)));
        Assert.Throws<ArgumentException>(() => CoalitionFormation.Form(prosumers, new GridParameters(200_000_000, 0, 5)));
        Assert.Throws<ArgumentException>(() => CoalitionFormation.Form(prosumers, MarketTestData.Grid, new FormationOptions { NeighbourCandidates = 0 }));
    }
}
