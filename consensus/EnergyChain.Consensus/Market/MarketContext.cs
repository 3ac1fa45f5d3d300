namespace EnergyChain.Consensus.Market;

/// <summary>
/// Per-prosumer quantities every step needs, computed once: balance, distance to the EDC, alone loss (exact and in
/// Wh), singleton score PS_i and the base of eq. 3.6 (PS_i when positive, else 0).
/// </summary>
internal sealed class MarketContext
{
    private long[,]? _distances;

    private MarketContext(IReadOnlyList<ProsumerInput> prosumers, GridParameters grid)
    {
        Count = prosumers.Count;
        LossPpmPerKm = grid.LossPpmPerKm;
        X = new long[Count];
        Y = new long[Count];
        Balance = new long[Count];
        DistanceToEdc = new long[Count];
        AloneLossWh = new long[Count];
        SingletonScore = new long[Count];
        ScoreBase = new long[Count];
        for (var i = 0; i < Count; i++)
        {
            var p = prosumers[i];
            X[i] = p.XMetres;
            Y[i] = p.YMetres;
            Balance[i] = p.BalanceWh;
            DistanceToEdc[i] = LossModel.Distance(p.XMetres, p.YMetres, grid.EdcXMetres, grid.EdcYMetres);
            AloneLossWh[i] = LossModel.LossWh(Math.Abs(Balance[i]), DistanceToEdc[i], LossPpmPerKm);
            SingletonScore[i] = Balance[i] > 0 ? Balance[i] - AloneLossWh[i] : 0;
            ScoreBase[i] = Math.Max(SingletonScore[i], 0);
        }
    }

    public int Count { get; }

    public long LossPpmPerKm { get; }

    public long[] X { get; }

    public long[] Y { get; }

    public long[] Balance { get; }

    public long[] DistanceToEdc { get; }

    public long[] AloneLossWh { get; }

    public long[] SingletonScore { get; }

    public long[] ScoreBase { get; }

    public static MarketContext Create(IReadOnlyList<ProsumerInput> prosumers, GridParameters grid)
    {
        LossModel.Validate(prosumers, grid);
        return new MarketContext(prosumers, grid);
    }

    public long Distance(int i, int j) => _distances is { } d ? d[i, j] : LossModel.Distance(X[i], Y[i], X[j], Y[j]);

    /// <summary>Precomputes all pairwise distances (for small contexts that solve many flows, e.g. Shapley).</summary>
    public void CacheDistances()
    {
        var d = new long[Count, Count];
        for (var i = 0; i < Count; i++)
        {
            for (var j = i + 1; j < Count; j++)
            {
                d[i, j] = d[j, i] = LossModel.Distance(X[i], Y[i], X[j], Y[j]);
            }
        }

        _distances = d;
    }

    /// <summary>PS_Si (eq. 3.6) of prosumer i given its loss in the coalition.</summary>
    public long Score(int i, long lossInCoalitionWh) => ScoreBase[i] + (AloneLossWh[i] - lossInCoalitionWh);
}
