using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EnergyChain.Consensus.Tests")]

namespace EnergyChain.Consensus.Market;

/// <summary>
/// One prosumer's forecast for the trading period (thesis 3.2.4: P_i, C_i and location l_i). The position in the
/// list handed to <see cref="CoalitionFormation.Form"/> is the prosumer's identity; callers sort members by address
/// so that every node builds the same list.
/// </summary>
/// <param name="XMetres">East coordinate in metres (|x| &lt;= 10^8).</param>
/// <param name="YMetres">North coordinate in metres (|y| &lt;= 10^8).</param>
/// <param name="ProductionWh">Forecast production P_i in Wh (0 .. 10^12).</param>
/// <param name="ConsumptionWh">Forecast consumption C_i in Wh (0 .. 10^12).</param>
public readonly record struct ProsumerInput(long XMetres, long YMetres, long ProductionWh, long ConsumptionWh)
{
    /// <summary>P_i - C_i: positive for a seller, negative for a buyer, zero for a prosumer that does not trade.</summary>
    public long BalanceWh => ProductionWh - ConsumptionWh;
}
