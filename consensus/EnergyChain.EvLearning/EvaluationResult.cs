namespace EnergyChain.EvLearning;

/// <summary>Result of running the greedy policy on a set of episodes.</summary>
/// <param name="MeanProfit">Mean money profit per episode (discharge revenue minus charge cost).</param>
/// <param name="MeanReturn">Mean objective per episode (profit minus range-anxiety penalty).</param>
/// <param name="Returns">Objective per episode.</param>
/// <param name="Profits">Profit per episode.</param>
public sealed record EvaluationResult(double MeanProfit, double MeanReturn, IReadOnlyList<double> Returns, IReadOnlyList<double> Profits);
