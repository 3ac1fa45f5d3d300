using System.Numerics;

namespace EnergyChain.Consensus.Market;

/// <summary>
/// The line-loss model (thesis eq. 3.1-3.2, simplified as DESIGN.md section 6 allows to a per-km loss factor times
/// distance) and the singleton proof score (eq. 3.4, Algorithm 1). Everything is integer: Wh, metres, ppm.
/// Losses are carried exactly in nano-Wh (E * ppm * d, an <see cref="Int128"/>) and rounded down to Wh only at the
/// end, so that sums of shares never exceed what acting alone would cost.
/// </summary>
public static class LossModel
{
    /// <summary>Largest production or consumption accepted, in Wh (1 TWh).</summary>
    public const long MaxEnergyWh = 1_000_000_000_000;

    /// <summary>Largest |coordinate| accepted, in metres (100,000 km, far beyond any grid).</summary>
    public const long MaxCoordinateMetres = 100_000_000;

    /// <summary>Largest loss factor accepted: 10^6 ppm per km (100 % per km).</summary>
    public const long MaxLossPpmPerKm = 1_000_000;

    /// <summary>Nano-Wh per Wh: loss in Wh = floor(E * ppm * d / NanoPerWh).</summary>
    public const long NanoPerWh = 1_000_000_000;

    /// <summary>floor(sqrt(value)), exact, no floating point.</summary>
    public static long IntegerSqrt(ulong value)
    {
        if (value < 2)
        {
            return (long)value;
        }

        // Newton's iteration from an over-estimate decreases monotonically to floor(sqrt(value)).
        var x = 1UL << ((BitOperations.Log2(value) / 2) + 1);
        while (true)
        {
            var y = (x + (value / x)) / 2;
            if (y >= x)
            {
                return (long)x;
            }

            x = y;
        }
    }

    /// <summary>Euclidean distance in whole metres, rounded down. Inputs are within +-10^8 m, so the square fits a ulong.</summary>
    public static long Distance(long x1, long y1, long x2, long y2)
    {
        var dx = (ulong)Math.Abs(x1 - x2);
        var dy = (ulong)Math.Abs(y1 - y2);
        return IntegerSqrt((dx * dx) + (dy * dy));
    }

    /// <summary>Exact loss E * ppm * d in nano-Wh (10^-9 Wh).</summary>
    public static Int128 LossNanoWh(long energyWh, long distanceMetres, long lossPpmPerKm) =>
        (Int128)energyWh * lossPpmPerKm * distanceMetres;

    /// <summary>Loss of moving <paramref name="energyWh"/> over <paramref name="distanceMetres"/>: floor(E * ppm * d / 10^9).</summary>
    public static long LossWh(long energyWh, long distanceMetres, long lossPpmPerKm) =>
        (long)(LossNanoWh(energyWh, distanceMetres, lossPpmPerKm) / NanoPerWh);

    /// <summary>
    /// E_i^loss (eq. 3.8): the loss of prosumer i acting alone, i.e. selling its whole surplus to the EDC or buying its
    /// whole deficit from it. Zero for a prosumer whose production equals its consumption.
    /// </summary>
    public static long AloneLossWh(ProsumerInput prosumer, GridParameters grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var distance = Distance(prosumer.XMetres, prosumer.YMetres, grid.EdcXMetres, grid.EdcYMetres);
        return LossWh(Math.Abs(prosumer.BalanceWh), distance, grid.LossPpmPerKm);
    }

    /// <summary>
    /// PS_i (eq. 3.4): surplus minus the loss of selling it to the EDC for a seller, 0 otherwise. With an extreme
    /// loss factor the loss can exceed the surplus; the score is then negative, as the equation says.
    /// </summary>
    public static long SingletonScore(ProsumerInput prosumer, GridParameters grid)
    {
        var balance = prosumer.BalanceWh;
        return balance > 0 ? balance - AloneLossWh(prosumer, grid) : 0;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with the offending index and field when an input is out of range.</summary>
    public static void Validate(IReadOnlyList<ProsumerInput> prosumers, GridParameters grid)
    {
        ArgumentNullException.ThrowIfNull(prosumers);
        ArgumentNullException.ThrowIfNull(grid);
        CheckCoordinate(grid.EdcXMetres, "grid EdcXMetres");
        CheckCoordinate(grid.EdcYMetres, "grid EdcYMetres");
        if (grid.LossPpmPerKm < 0 || grid.LossPpmPerKm > MaxLossPpmPerKm)
        {
            throw new ArgumentException($"grid LossPpmPerKm must be in 0..{MaxLossPpmPerKm}, was {grid.LossPpmPerKm}", nameof(grid));
        }

        for (var i = 0; i < prosumers.Count; i++)
        {
            var p = prosumers[i];
            CheckCoordinate(p.XMetres, $"prosumer {i} XMetres");
            CheckCoordinate(p.YMetres, $"prosumer {i} YMetres");
            CheckEnergy(p.ProductionWh, $"prosumer {i} ProductionWh");
            CheckEnergy(p.ConsumptionWh, $"prosumer {i} ConsumptionWh");
        }
    }

    private static void CheckCoordinate(long value, string what)
    {
        if (value < -MaxCoordinateMetres || value > MaxCoordinateMetres)
        {
            throw new ArgumentException($"{what} must be within +-{MaxCoordinateMetres} m, was {value}");
        }
    }

    private static void CheckEnergy(long value, string what)
    {
        if (value < 0 || value > MaxEnergyWh)
        {
            throw new ArgumentException($"{what} must be in 0..{MaxEnergyWh} Wh, was {value}");
        }
    }
}
