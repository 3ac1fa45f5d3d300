using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EnergyChain.Consensus.Tests")]

namespace EnergyChain.Consensus.Market;

/// <summary>One recorded step of the formation: the partition and every prosumer's score after it.</summary>
/// <param name="Phase">"singletons", "pairs" or "round".</param>
/// <param name="Iteration">0 for singletons and pairs, then the round number from 1.</param>
/// <param name="Partition">Coalitions as sorted member indices, ordered by their smallest member.</param>
/// <param name="Scores">PS_Si of every prosumer (PS_i for singletons).</param>
public sealed record TraceStep(string Phase, int Iteration, IReadOnlyList<IReadOnlyList<int>> Partition, IReadOnlyList<long> Scores);
