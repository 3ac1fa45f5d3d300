namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The tariff as genesis carries it: three prices in micro-units per kWh and a 24-letter hour map (hour h of the
/// local day is letter h: <c>o</c> off-peak, <c>m</c> mid-peak, <c>p</c> on-peak). In <c>consensus.params</c>:
/// <code>
/// { "touOffPeakPriceMicro": 68000, "touMidPeakPriceMicro": 100000, "touOnPeakPriceMicro": 129000,
///   "touHours": "oooooooppppmmmmmmppooooo" }
/// </code>
/// Defaults are thesis Table 4.1: the means of the price distributions (6.8, 10 and 12.9 cents/kWh, read as
/// 0.068, 0.100 and 0.129 units, 1 unit = 10^6 micro-units) and the hours off-peak 19:00-07:00, mid-peak
/// 11:00-17:00, on-peak 07:00-11:00 and 17:00-19:00 (the table's "1am - 11am" overlaps its own off-peak hours and
/// leaves 17:00-19:00 unassigned; the Ontario time-of-use schedule the thesis cites puts on-peak at 07-11 and 17-19).
/// Only price ratios enter the score, so the currency scale does not matter.
/// </summary>
public sealed record TimeOfUseParameters
{
    /// <summary>Off-peak hours 00-06 and 19-23, on-peak 07-10 and 17-18, mid-peak 11-16.</summary>
    public const string DefaultHours = "ooooooo" + "pppp" + "mmmmmm" + "pp" + "ooooo";

    /// <summary>Off-peak price, micro-units per kWh (lambda_off). JSON <c>touOffPeakPriceMicro</c>, default 68,000.</summary>
    public ulong OffPeakPriceMicro { get; init; } = 68_000;

    /// <summary>Mid-peak price, micro-units per kWh (lambda_mid). JSON <c>touMidPeakPriceMicro</c>, default 100,000.</summary>
    public ulong MidPeakPriceMicro { get; init; } = 100_000;

    /// <summary>On-peak price, micro-units per kWh (lambda_on). JSON <c>touOnPeakPriceMicro</c>, default 129,000.</summary>
    public ulong OnPeakPriceMicro { get; init; } = 129_000;

    /// <summary>The hour map, 24 letters of <c>o</c>/<c>m</c>/<c>p</c>. JSON <c>touHours</c>, default <see cref="DefaultHours"/>.</summary>
    public string Hours { get; init; } = DefaultHours;
}
