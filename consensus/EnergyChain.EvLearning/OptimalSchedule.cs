namespace EnergyChain.EvLearning;

/// <summary>Optimal schedule of one episode.</summary>
/// <param name="Return">Optimal objective: sum of profit minus the range-anxiety penalty.</param>
/// <param name="Profit">Money part of that schedule.</param>
/// <param name="ActionIndices">Chosen action index per parked hour.</param>
/// <param name="Steps">The resulting steps.</param>
public sealed record OptimalSchedule(double Return, double Profit, IReadOnlyList<int> ActionIndices, IReadOnlyList<EvStepResult> Steps);
