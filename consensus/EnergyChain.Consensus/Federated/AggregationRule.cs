namespace EnergyChain.Consensus.Federated;

/// <summary>How the mLAG combines the EVs' model updates into the next global model.</summary>
public enum AggregationRule : byte
{
    /// <summary>Sample-weighted mean (FedAvg, thesis eq. 4.19 weighted by local data size). Genesis name <c>fedavg</c>.</summary>
    FedAvg = 0,

    /// <summary>Per-coordinate median, the lower one for an even count. Genesis name <c>median</c>.</summary>
    Median = 1,

    /// <summary>Per-coordinate mean after dropping the k lowest and k highest values. Genesis name <c>trimmed-mean:k</c>.</summary>
    TrimmedMean = 2,

    /// <summary>
    /// FedAvg with every sample count first capped at the round's lower-median count, so a self-reported count
    /// cannot buy more weight than a typical EV's. Genesis name <c>fedavg-capped</c>; the default.
    /// </summary>
    CappedFedAvg = 3,
}
