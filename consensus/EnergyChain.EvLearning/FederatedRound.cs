namespace EnergyChain.EvLearning;

/// <summary>Outcome of one federated round.</summary>
/// <param name="Round">Round number, starting at 1.</param>
/// <param name="Samples">Local sample count of each EV (its FedAvg weight).</param>
/// <param name="MeanTrainReturn">Mean objective of each EV's exploring training episodes this round.</param>
/// <param name="LocalModels">Each EV's locally updated parameters (before averaging).</param>
public sealed record FederatedRound(int Round, IReadOnlyList<long> Samples, IReadOnlyList<double> MeanTrainReturn, IReadOnlyList<float[]> LocalModels);
