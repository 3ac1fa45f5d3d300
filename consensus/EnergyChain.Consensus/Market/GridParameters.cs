using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EnergyChain.Consensus.Tests")]

namespace EnergyChain.Consensus.Market;

/// <summary>
/// The grid as the loss model sees it (thesis eq. 3.1-3.2 simplified, DESIGN.md section 6): moving E Wh over d metres
/// loses floor(E * LossPpmPerKm * d / 10^9) Wh, d being the Euclidean distance rounded down to whole metres.
/// </summary>
/// <param name="EdcXMetres">East coordinate of the electricity distribution centre (EDC).</param>
/// <param name="EdcYMetres">North coordinate of the EDC.</param>
/// <param name="LossPpmPerKm">Line loss per kilometre in parts per million of the energy moved (0 .. 10^6).</param>
public sealed record GridParameters(long EdcXMetres, long EdcYMetres, long LossPpmPerKm);
