using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Posoc;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Tests.Posoc;

public sealed class TimeOfUseTariffTests
{
    [Fact]
    public void Default_hours_follow_table_4_1_with_on_peak_at_7_to_11_and_17_to_19()
    {
        var tariff = TimeOfUseTariff.Default;
        for (var h = 0; h < 24; h++)
        {
            var expected = h switch
            {
                < 7 => TouPeriod.OffPeak,       // 19:00-07:00 off-peak (morning part)
                < 11 => TouPeriod.OnPeak,       // 07:00-11:00 on-peak
                < 17 => TouPeriod.MidPeak,      // 11:00-17:00 mid-peak
                < 19 => TouPeriod.OnPeak,       // 17:00-19:00 on-peak
                _ => TouPeriod.OffPeak,         // 19:00-07:00 off-peak (evening part)
            };
            Assert.Equal(expected, tariff.PeriodAt(h));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => tariff.PeriodAt(24));
        Assert.Throws<ArgumentOutOfRangeException>(() => tariff.PeriodAt(-1));
    }

    [Fact]
    public void Default_prices_and_deltas_follow_table_4_1()
    {
        var tariff = TimeOfUseTariff.Default;
        Assert.Equal(68_000UL, tariff.PriceMicro(TouPeriod.OffPeak));
        Assert.Equal(100_000UL, tariff.PriceMicro(TouPeriod.MidPeak));
        Assert.Equal(129_000UL, tariff.PriceMicro(TouPeriod.OnPeak));

        // eq. 4.3: delta_mid = (100,000 - 68,000) / 68,000 = 0.470588235... -> 470,588 ppm (rounded half away from zero)
        // eq. 4.4: delta_on  = (129,000 - 68,000) / 68,000 = 0.897058823... -> 897,059 ppm
        // delta_off = (68,000 - 68,000) / 68,000 = 0
        Assert.Equal(470_588U, tariff.DeltaPpm(TouPeriod.MidPeak));
        Assert.Equal(897_059U, tariff.DeltaPpm(TouPeriod.OnPeak));
        Assert.Equal(0U, tariff.DeltaPpm(TouPeriod.OffPeak));
        Assert.Equal(32_000UL, tariff.DeltaNumerator(TouPeriod.MidPeak));
        Assert.Equal(68_000UL, tariff.DeltaDenominator);
    }

    [Fact]
    public void Parameters_parse_from_json_and_defaults_fill_the_rest()
    {
        var tariff = TimeOfUseTariff.Parse("""{"touOffPeakPriceMicro": "82000", "touMidPeakPriceMicro": 113000, "touOnPeakPriceMicro": 160000, "touHours": "mmmmmmmmmmmmppppppoooooo"}""");
        Assert.Equal(82_000UL, tariff.Parameters.OffPeakPriceMicro);
        Assert.Equal(113_000UL, tariff.Parameters.MidPeakPriceMicro);
        Assert.Equal(160_000UL, tariff.Parameters.OnPeakPriceMicro);
        Assert.Equal(TouPeriod.MidPeak, tariff.PeriodAt(0));
        Assert.Equal(TouPeriod.OnPeak, tariff.PeriodAt(12));
        Assert.Equal(TouPeriod.OffPeak, tariff.PeriodAt(23));

        Assert.Equal(TimeOfUseTariff.Default.Parameters, TimeOfUseTariff.Parse("{}").Parameters);
        Assert.Equal(TimeOfUseTariff.Default.Parameters, TimeOfUseTariff.Parse(null).Parameters);
    }

    [Fact]
    public void The_engine_can_read_the_tariff_out_of_its_own_parameter_object()
    {
        var p = StrictJsonParameters.Parse("""{"proposeTimeoutMs": 100, "touOnPeakPriceMicro": 130000}""");
        var tariff = TimeOfUseTariff.Read(p);
        Assert.Equal(130_000UL, tariff.Parameters.OnPeakPriceMicro);
        p.UInt64("proposeTimeoutMs", 0, 0, 10_000);
        p.EnsureAllRead(EngineNames.Posoc, [.. TimeOfUseTariff.FieldNames, "proposeTimeoutMs"]);
    }

    [Theory]
    [InlineData("""{"touOffPeakPriceMicro": 0}""", "touOffPeakPriceMicro", "from 1")]
    [InlineData("""{"touMidPeakPriceMicro": 68000}""", "touMidPeakPriceMicro", "above the off-peak price 68000")]
    [InlineData("""{"touOnPeakPriceMicro": 100000}""", "touOnPeakPriceMicro", "above the mid-peak price 100000")]
    [InlineData("""{"touOnPeakPriceMicro": 136000}""", "touOnPeakPriceMicro", "delta_on < 1")]
    [InlineData("""{"touHours": "ooo"}""", "touHours", "expected 24 letters")]
    [InlineData("""{"touHours": "oooooooppppmmmmmmppoooox"}""", "touHours", "hour 23: 'x'")]
    [InlineData("""{"touHours": 5}""", "touHours", "expected a string")]
    [InlineData("""{"touPrice": 5}""", "touPrice", "unknown field")]
    [InlineData("""{"touOnPeakPriceMicro": 1.5}""", "touOnPeakPriceMicro", "whole number")]
    public void Invalid_parameters_name_the_field_and_the_problem(string json, string field, string problem)
    {
        var e = Assert.Throws<EngineParameterException>(() => TimeOfUseTariff.Parse(json));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("consensus.params." + field, e.Message);
    }

    [Fact]
    public void The_section_4_4_1_prices_break_eq_4_2_and_are_refused()
    {
        // Section 4.4.1 samples 0.82 / 1.13 / 1.7: delta_on = (1.7 - 0.82) / 0.82 = 1.073 > 1, against eq. 4.2.
        var e = Assert.Throws<EngineParameterException>(() => TimeOfUseTariff.Create(new TimeOfUseParameters
        {
            OffPeakPriceMicro = 820_000,
            MidPeakPriceMicro = 1_130_000,
            OnPeakPriceMicro = 1_700_000,
        }));
        Assert.Contains("delta_on < 1", e.Message);
    }

    [Theory]
    [InlineData(0L, 0, 0L, 0)]
    [InlineData(3_599_999L, 0, 0L, 0)]
    [InlineData(3_600_000L, 0, 1L, 1)]
    [InlineData(-1L, 0, -1L, 23)]
    // Unix time 0 in Toronto (UTC-5) is 19:00 of the day before: local hour number -5, hour of day 19.
    [InlineData(0L, -300, -5L, 19)]
    // 2026-12-01T08:30Z = 1,796,113,800,000 ms; +60 min offset: 09:30 local, hour of day 9.
    [InlineData(1_796_113_800_000L, 60, 498_921L, 9)]
    public void Hour_numbers_floor_local_time(long unixMs, int offsetMinutes, long hourIndex, int hourOfDay)
    {
        Assert.Equal(hourIndex, TimeOfUseTariff.HourIndex(unixMs, offsetMinutes));
        Assert.Equal(hourOfDay, TimeOfUseTariff.HourOfDay(hourIndex));
    }
}
