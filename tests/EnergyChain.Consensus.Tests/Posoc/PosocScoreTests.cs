using EnergyChain.Consensus.Posoc;
using EnergyChain.Core.Transactions;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Tests.Posoc;

/// <summary>
/// Hand-computed checks of eq. 4.1-4.4 and 4.17. Default tariff (Table 4.1): lambda_off 68,000, lambda_mid
/// 100,000, lambda_on 129,000 micro-units/kWh; hours 0-6 off, 7-10 on, 11-16 mid, 17-18 on, 19-23 off.
/// Score unit: micro-points (1 point = a full battery's SOC fraction = 1 kWh of delta-weighted net discharge).
/// </summary>
public sealed class PosocScoreTests
{
    private static readonly TimeOfUseTariff Tariff = TimeOfUseTariff.Default;

    [Fact]
    public void Eq_4_1_on_peak_discharge_not_departing()
    {
        // hour 8 is on-peak. D - C = 5,000 - 1,000 = 4,000 Wh.
        // delta_on x (D - C) = (129,000 - 68,000) x 4,000 x 1,000 / 68,000 = 244,000,000,000 / 68,000
        //                    = 3,588,235.29... -> 3,588,235 micro-points (about 0.897 x 4 kWh = 3.588 points).
        Assert.Equal(3_588_235L, PosocScore.Hourly(650_000, 800_000, 1_000, 5_000, false, 8, Tariff));
    }

    [Fact]
    public void Eq_4_1_on_peak_discharge_departing_adds_the_empty_share_of_the_battery()
    {
        // As above plus SOC^max - SOC = 800,000 - 650,000 = 150,000 ppm: 3,588,235 + 150,000 = 3,738,235.
        Assert.Equal(3_738_235L, PosocScore.Hourly(650_000, 800_000, 1_000, 5_000, true, 8, Tariff));
        Assert.Equal(3_738_235L, PosocScore.Hourly(new EvReportPayload(650_000, 800_000, 1_000, 5_000, true), 8, Tariff));
    }

    [Fact]
    public void Eq_4_3_mid_peak_charging_lowers_the_score()
    {
        // hour 12 is mid-peak. D - C = 0 - 2,000 = -2,000 Wh.
        // (100,000 - 68,000) x (-2,000) x 1,000 / 68,000 = -64,000,000,000 / 68,000 = -941,176.47... -> -941,176.
        Assert.Equal(-941_176L, PosocScore.Hourly(500_000, 800_000, 2_000, 0, false, 12, Tariff));
    }

    [Fact]
    public void Off_peak_trading_counts_zero_because_delta_off_is_zero()
    {
        // hour 2 is off-peak: (68,000 - 68,000) / 68,000 = 0, whatever the energy.
        Assert.Equal(0L, PosocScore.Hourly(500_000, 800_000, 0, 10_000, false, 2, Tariff));
        Assert.Equal(0L, PosocScore.Hourly(500_000, 800_000, 10_000, 0, false, 20, Tariff));

        // Departing off-peak: only SOC^max - SOC = 800,000 - 500,000 = 300,000.
        Assert.Equal(300_000L, PosocScore.Hourly(500_000, 800_000, 0, 10_000, true, 2, Tariff));
    }

    [Fact]
    public void The_same_energy_scores_more_on_peak_than_mid_peak()
    {
        // 1,000 Wh discharged: on-peak 61,000 x 1,000,000 / 68,000 = 897,058.8 -> 897,059;
        //                      mid-peak 32,000 x 1,000,000 / 68,000 = 470,588.2 -> 470,588.
        Assert.Equal(897_059L, PosocScore.Hourly(0, 0, 0, 1_000, false, 17, Tariff));
        Assert.Equal(470_588L, PosocScore.Hourly(0, 0, 0, 1_000, false, 11, Tariff));
    }

    [Theory]
    // Tariff off 16,000 / mid 16,001: delta_mid = 1 / 16,000; a net of x Wh scores x x 1,000 / 16,000 = x / 16.
    [InlineData(8UL, 0UL, 1L)]    //  8 / 16 =  0.5    -> 1 (half away from zero)
    [InlineData(0UL, 8UL, -1L)]   // -8 / 16 = -0.5    -> -1
    [InlineData(7UL, 0UL, 0L)]    //  7 / 16 =  0.4375 -> 0
    [InlineData(24UL, 0UL, 2L)]   // 24 / 16 =  1.5    -> 2
    [InlineData(0UL, 24UL, -2L)]  // -24 / 16 = -1.5   -> -2
    [InlineData(9UL, 0UL, 1L)]    //  9 / 16 =  0.5625 -> 1
    [InlineData(0UL, 9UL, -1L)]   // -9 / 16 = -0.5625 -> -1
    public void The_trade_term_rounds_half_away_from_zero(ulong dischargedWh, ulong chargedWh, long expected)
    {
        var tariff = TimeOfUseTariff.Create(new TimeOfUseParameters
        {
            OffPeakPriceMicro = 16_000,
            MidPeakPriceMicro = 16_001,
            OnPeakPriceMicro = 16_002,
            Hours = new string('m', 24),
        });
        Assert.Equal(expected, PosocScore.Hourly(0, 0, chargedWh, dischargedWh, false, 5, tariff));
        Assert.Equal(expected, PosocScore.TradeTerm(chargedWh, dischargedWh, TouPeriod.MidPeak, tariff));
    }

    [Fact]
    public void A_departing_EV_above_its_maximum_gets_a_negative_SOC_term()
    {
        // 800,000 - 900,000 = -100,000; off-peak, no trade term.
        Assert.Equal(-100_000L, PosocScore.Hourly(900_000, 800_000, 0, 0, true, 0, Tariff));
    }

    [Fact]
    public void Hostile_energy_values_saturate_instead_of_overflowing()
    {
        Assert.Equal(PosocScore.MaxHourlyMicroPoints, PosocScore.Hourly(0, 1_000_000, 0, ulong.MaxValue, true, 8, Tariff));
        Assert.Equal(-PosocScore.MaxHourlyMicroPoints, PosocScore.Hourly(1_000_000, 0, ulong.MaxValue, 0, true, 8, Tariff));

        // 24 saturated hours still fit: 24 x 10^15 < 2^63.
        var hours = Enumerable.Range(0, 24).Select(h => new HourlyScore(h, long.MaxValue)).ToList();
        Assert.Equal(24 * PosocScore.MaxHourlyMicroPoints, PosocScore.Cumulative(hours, 23));
    }

    [Fact]
    public void Eq_4_17_sums_the_last_24_hours_and_missing_hours_count_zero()
    {
        // Hours 1,000-1,023 form the window ending at hour 1,023. Reports in 3 of the 24 hours:
        //   hour 1,000: 3,588,235   hour 1,010: -941,176   hour 1,023: 300,000
        //   sum = 3,588,235 - 941,176 + 300,000 = 2,947,059; the 21 silent hours add 0.
        // Hour 999 (25 hours back) and hour 1,024 (not yet) are outside the window.
        HourlyScore[] scores =
        [
            new(1_000, 3_588_235),
            new(1_010, -941_176),
            new(1_023, 300_000),
            new(999, 5_000_000),
            new(1_024, 7_000_000),
        ];
        Assert.Equal(2_947_059L, PosocScore.Cumulative(scores, 1_023));
        Assert.Equal(2_947_059L, PosocScore.Cumulative(scores.AsEnumerable().Reverse(), 1_023));

        // One hour later hour 1,000 drops out: -941,176 + 300,000 + 7,000,000 = 6,358,824.
        Assert.Equal(6_358_824L, PosocScore.Cumulative(scores, 1_024));
        Assert.Equal(0L, PosocScore.Cumulative([], 1_024));
    }

    [Fact]
    public void Eq_4_17_over_a_day_of_reports_adds_the_SOC_term_only_when_departing()
    {
        // An EV parked 07:00-18:00 at SOC 650,000 of max 800,000: discharges 2,000 Wh at 08:00 (on-peak),
        // charges 1,000 Wh at 13:00 (mid-peak), departs at 17:00 after discharging 500 Wh (on-peak).
        //   08:00: 61,000 x 2,000,000 / 68,000 = 1,794,117.6 -> 1,794,118
        //   13:00: 32,000 x (-1,000,000) / 68,000 = -470,588.2 -> -470,588
        //   17:00: 61,000 x 500,000 / 68,000 = 448,529.4 -> 448,529, + (800,000 - 650,000) = 598,529
        //   other hours: reports with no energy, not departing: 0
        //   day total: 1,794,118 - 470,588 + 598,529 = 1,922,059
        var day = new List<HourlyScore>();
        for (var h = 7; h <= 17; h++)
        {
            var report = h switch
            {
                8 => new EvReportPayload(650_000, 800_000, 0, 2_000, false),
                13 => new EvReportPayload(650_000, 800_000, 1_000, 0, false),
                17 => new EvReportPayload(650_000, 800_000, 0, 500, true),
                _ => new EvReportPayload(650_000, 800_000, 0, 0, false),
            };
            day.Add(new HourlyScore(h, PosocScore.Hourly(report, h, Tariff)));
        }

        Assert.Equal(1_794_118L, day.Single(s => s.Hour == 8).MicroPoints);
        Assert.Equal(-470_588L, day.Single(s => s.Hour == 13).MicroPoints);
        Assert.Equal(598_529L, day.Single(s => s.Hour == 17).MicroPoints);
        Assert.Equal(0L, day.Single(s => s.Hour == 10).MicroPoints);
        Assert.Equal(1_922_059L, PosocScore.Cumulative(day, 23));
        Assert.Equal(1_922_059L, PosocScore.Cumulative(day.Select(s => s.MicroPoints).ToArray()));
    }

    [Fact]
    public void Two_scores_for_one_hour_of_the_window_are_a_caller_error()
    {
        var e = Assert.Throws<ArgumentException>(() => PosocScore.Cumulative([new HourlyScore(5, 1), new HourlyScore(5, 2)], 10));
        Assert.Contains("two scores for hour 5", e.Message);

        // Outside the window duplicates do not matter: they are ignored.
        Assert.Equal(3L, PosocScore.Cumulative([new HourlyScore(-20, 1), new HourlyScore(-20, 2), new HourlyScore(10, 3)], 10));
        Assert.Throws<ArgumentException>(() => PosocScore.Cumulative(new long[25]));
    }

    [Fact]
    public void The_selection_weight_clamps_a_negative_day_to_zero()
    {
        Assert.Equal(0UL, PosocScore.Weight(-941_176));
        Assert.Equal(0UL, PosocScore.Weight(0));
        Assert.Equal(2_947_059UL, PosocScore.Weight(2_947_059));
    }
}
