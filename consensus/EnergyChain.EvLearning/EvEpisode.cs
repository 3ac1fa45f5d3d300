namespace EnergyChain.EvLearning;

/// <summary>
/// One EV day drawn from Table 4.1 / section 4.4.1: arrival and departure hour, initial SOC and the hourly
/// V2V and grid prices. The EV is parked (and acts) in the hours <c>ArrivalHour .. DepartureHour - 1</c>;
/// the step of hour <c>DepartureHour - 1</c> is the departing step.
/// </summary>
public sealed class EvEpisode
{
    private readonly double[] _v2vPrice;
    private readonly double[] _gridPrice;

    public EvEpisode(ulong seed, int arrivalHour, int departureHour, double initialSoc, double[] v2vPrice, double[] gridPrice)
    {
        ArgumentNullException.ThrowIfNull(v2vPrice);
        ArgumentNullException.ThrowIfNull(gridPrice);
        if (v2vPrice.Length != 24 || gridPrice.Length != 24)
        {
            throw new ArgumentException("prices must have 24 hourly entries");
        }

        if (arrivalHour < 0 || departureHour > 24 || departureHour <= arrivalHour)
        {
            throw new ArgumentOutOfRangeException(nameof(departureHour), "need 0 <= arrival < departure <= 24");
        }

        Seed = seed;
        ArrivalHour = arrivalHour;
        DepartureHour = departureHour;
        InitialSoc = initialSoc;
        _v2vPrice = (double[])v2vPrice.Clone();
        _gridPrice = (double[])gridPrice.Clone();
    }

    public ulong Seed { get; }

    public int ArrivalHour { get; }

    /// <summary>Hour at which the EV leaves (exclusive end of the parked interval).</summary>
    public int DepartureHour { get; }

    public double InitialSoc { get; }

    /// <summary>Number of hourly decision steps.</summary>
    public int Steps => DepartureHour - ArrivalHour;

    /// <summary>V2V trading price p^v2v per kWh for each hour 0..23.</summary>
    public IReadOnlyList<double> V2vPrice => _v2vPrice;

    /// <summary>Grid time-of-use price lambda per kWh for each hour 0..23 (state feature only).</summary>
    public IReadOnlyList<double> GridPrice => _gridPrice;

    /// <summary>
    /// Draws an episode from the seed: arrival ~ N(7,1) clipped to [4,10], departure ~ N(18,1) clipped to
    /// [8,22] (both rounded to the hour; departure forced to at least arrival + 1), initial SOC ~ N(0.5,0.1)
    /// clipped to [0.4,0.9], hourly V2V price ~ N(period mean, 0.1) and grid price ~ N(Table 4.1).
    /// </summary>
    public static EvEpisode Generate(ulong seed, EvConfig? config = null)
    {
        config ??= EvConfig.Default;
        var rng = new Xoshiro256StarStar(seed);
        var arrivalRaw = Math.Clamp(rng.NextGaussian(config.ArrivalMean, config.ArrivalStd), config.ArrivalMinHour, config.ArrivalMaxHour);
        var departureRaw = Math.Clamp(rng.NextGaussian(config.DepartureMean, config.DepartureStd), config.DepartureMinHour, config.DepartureMaxHour);
        var soc = Math.Clamp(rng.NextGaussian(config.InitialSocMean, config.InitialSocStd), config.InitialSocMin, config.InitialSocMax);
        var arrival = (int)Math.Floor(arrivalRaw + 0.5);
        var departure = Math.Max((int)Math.Floor(departureRaw + 0.5), arrival + 1);

        var v2v = new double[24];
        var grid = new double[24];
        for (var h = 0; h < 24; h++)
        {
            var p = (int)EvConfig.PeriodOf(h);
            v2v[h] = Math.Max(0.05, rng.NextGaussian(config.V2vPriceMean[p], config.V2vPriceStd));
        }

        for (var h = 0; h < 24; h++)
        {
            var p = (int)EvConfig.PeriodOf(h);
            grid[h] = Math.Max(0.5, rng.NextGaussian(config.GridPriceMean[p], config.GridPriceStd[p]));
        }

        return new EvEpisode(seed, arrival, departure, soc, v2v, grid);
    }

    /// <summary><paramref name="count"/> episodes with seeds derived from <paramref name="seed"/> (a different seed gives a disjoint, held-out set).</summary>
    public static IReadOnlyList<EvEpisode> GenerateSet(ulong seed, int count, EvConfig? config = null)
    {
        var list = new EvEpisode[count];
        for (var i = 0; i < count; i++)
        {
            list[i] = Generate(Xoshiro256StarStar.DeriveSeed(seed, (ulong)i), config);
        }

        return list;
    }
}
