using EnergyChain.Consensus.Engine;
using EnergyChain.EvLearning;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// The validated time-of-use tariff behind PoSOC's delta (thesis eq. 4.2-4.4): which period each hour of the day
/// belongs to and each period's price. delta_p = (lambda_p - lambda_off) / lambda_off, so delta_off = 0,
/// delta_mid and delta_on per eq. 4.3 and 4.4. Validation enforces eq. 4.2: 0 &lt; delta_mid &lt; delta_on &lt; 1,
/// that is lambda_off &lt; lambda_mid &lt; lambda_on &lt; 2 x lambda_off. Immutable; integers only.
/// </summary>
public sealed class TimeOfUseTariff
{
    /// <summary>JSON field names this tariff reads from <c>consensus.params</c>.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
        ["touHours", "touMidPeakPriceMicro", "touOffPeakPriceMicro", "touOnPeakPriceMicro"];

    /// <summary>Largest price accepted: 10^12 micro-units (a million units) per kWh; keeps all products in range.</summary>
    public const ulong MaxPriceMicro = 1_000_000_000_000;

    public const int HoursPerDay = 24;

    private readonly TouPeriod[] _periods;

    private TimeOfUseTariff(TimeOfUseParameters parameters, TouPeriod[] periods)
    {
        Parameters = parameters;
        _periods = periods;
    }

    /// <summary>Table 4.1 defaults (see <see cref="TimeOfUseParameters"/>).</summary>
    public static TimeOfUseTariff Default { get; } = Create(new TimeOfUseParameters());

    public TimeOfUseParameters Parameters { get; }

    /// <summary>Validates <paramref name="parameters"/>; throws <see cref="EngineParameterException"/> naming the JSON field.</summary>
    public static TimeOfUseTariff Create(TimeOfUseParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var off = parameters.OffPeakPriceMicro;
        var mid = parameters.MidPeakPriceMicro;
        var on = parameters.OnPeakPriceMicro;
        if (off == 0 || off > MaxPriceMicro)
        {
            throw new EngineParameterException("touOffPeakPriceMicro", $"expected a price from 1 to {MaxPriceMicro} micro-units per kWh");
        }

        if (mid <= off || mid > MaxPriceMicro)
        {
            throw new EngineParameterException(
                "touMidPeakPriceMicro", $"must be above the off-peak price {off} (eq. 4.2: delta_mid > delta_off = 0), got {mid}");
        }

        if (on <= mid || on > MaxPriceMicro)
        {
            throw new EngineParameterException(
                "touOnPeakPriceMicro", $"must be above the mid-peak price {mid} (eq. 4.2: delta_on > delta_mid), got {on}");
        }

        if (on >= 2 * off)
        {
            throw new EngineParameterException(
                "touOnPeakPriceMicro", $"must be below twice the off-peak price ({2 * off}) so that delta_on < 1 (eq. 4.2), got {on}");
        }

        var hours = parameters.Hours ?? string.Empty;
        if (hours.Length != HoursPerDay)
        {
            throw new EngineParameterException("touHours", $"expected {HoursPerDay} letters (one per hour, o/m/p), got {hours.Length}");
        }

        var periods = new TouPeriod[HoursPerDay];
        for (var h = 0; h < HoursPerDay; h++)
        {
            periods[h] = hours[h] switch
            {
                'o' => TouPeriod.OffPeak,
                'm' => TouPeriod.MidPeak,
                'p' => TouPeriod.OnPeak,
                var c => throw new EngineParameterException("touHours", $"hour {h}: '{c}' is not o (off-peak), m (mid-peak) or p (on-peak)"),
            };
        }

        return new TimeOfUseTariff(parameters, periods);
    }

    /// <summary>
    /// Reads the tariff fields from an engine's parameter object (absent fields keep their defaults). Does not
    /// check for unknown fields: the engine that owns the object lists <see cref="FieldNames"/> among its known
    /// fields and calls <see cref="StrictJsonParameters.EnsureAllRead"/>.
    /// </summary>
    public static TimeOfUseTariff Read(StrictJsonParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var defaults = new TimeOfUseParameters();
        return Create(new TimeOfUseParameters
        {
            OffPeakPriceMicro = p.UInt64("touOffPeakPriceMicro", defaults.OffPeakPriceMicro, 1, MaxPriceMicro),
            MidPeakPriceMicro = p.UInt64("touMidPeakPriceMicro", defaults.MidPeakPriceMicro, 1, MaxPriceMicro),
            OnPeakPriceMicro = p.UInt64("touOnPeakPriceMicro", defaults.OnPeakPriceMicro, 1, MaxPriceMicro),
            Hours = p.OptionalString("touHours") ?? defaults.Hours,
        });
    }

    /// <summary>Parses a JSON object holding only tariff fields (unknown fields are errors).</summary>
    public static TimeOfUseTariff Parse(string? json)
    {
        var p = StrictJsonParameters.Parse(json);
        var tariff = Read(p);
        p.EnsureAllRead(EngineNames.Posoc, FieldNames);
        return tariff;
    }

    /// <summary>The period of local hour <paramref name="hourOfDay"/> (0-23).</summary>
    public TouPeriod PeriodAt(int hourOfDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hourOfDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(hourOfDay, HoursPerDay);
        return _periods[hourOfDay];
    }

    /// <summary>lambda of <paramref name="period"/> in micro-units per kWh.</summary>
    public ulong PriceMicro(TouPeriod period) => period switch
    {
        TouPeriod.OffPeak => Parameters.OffPeakPriceMicro,
        TouPeriod.MidPeak => Parameters.MidPeakPriceMicro,
        TouPeriod.OnPeak => Parameters.OnPeakPriceMicro,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "unknown period"),
    };

    /// <summary>
    /// The numerator of delta for <paramref name="period"/>: lambda_p - lambda_off (0 off-peak). delta is this over
    /// <see cref="DeltaDenominator"/>; the score uses the exact fraction, never a rounded delta.
    /// </summary>
    public ulong DeltaNumerator(TouPeriod period) => PriceMicro(period) - Parameters.OffPeakPriceMicro;

    /// <summary>The denominator of every delta: lambda_off.</summary>
    public ulong DeltaDenominator => Parameters.OffPeakPriceMicro;

    /// <summary>
    /// delta in parts per million, rounded half away from zero, for display (defaults: mid 470,588, on 897,059).
    /// </summary>
    public uint DeltaPpm(TouPeriod period) =>
        (uint)(((DeltaNumerator(period) * 1_000_000) + (DeltaDenominator / 2)) / DeltaDenominator);

    /// <summary>
    /// The absolute local hour number of a block timestamp: floor((unix ms + offset) / 3,600,000). Consecutive
    /// hours have consecutive numbers, which <see cref="PosocScore.Cumulative(IEnumerable{HourlyScore}, long)"/> uses for its 24-hour window.
    /// </summary>
    public static long HourIndex(long unixMilliseconds, int utcOffsetMinutes)
    {
        var local = unixMilliseconds + (utcOffsetMinutes * 60_000L);
        var (quotient, remainder) = Math.DivRem(local, 3_600_000L);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>The local hour of day (0-23) of an absolute hour number.</summary>
    public static int HourOfDay(long hourIndex) => (int)(((hourIndex % HoursPerDay) + HoursPerDay) % HoursPerDay);
}
