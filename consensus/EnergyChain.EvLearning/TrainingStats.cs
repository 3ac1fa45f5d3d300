namespace EnergyChain.EvLearning;

/// <summary>Statistics of a training call.</summary>
/// <param name="Episodes">Episodes played.</param>
/// <param name="Samples">Environment steps collected (the FedAvg weight, eq. 4.19).</param>
/// <param name="MeanReturn">Mean objective of the sampled (exploring) episodes.</param>
/// <param name="Updates">PPO updates performed.</param>
public readonly record struct TrainingStats(int Episodes, long Samples, double MeanReturn, int Updates);
