using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// The PoEG tests' four households: two neighbourhoods, each a seller next to a buyer, with the EDC in the middle of
/// the 20 km square, so each neighbourhood forms a coalition that trades inside.
/// </summary>
internal static class TwoNeighbourhoods
{
    public static readonly (long X, long Y, ulong P, ulong C)[] Households =
    [
        (9_000, 9_000, 12_000, 2_000),
        (9_500, 9_200, 1_000, 9_000),
        (15_000, 15_000, 8_000, 1_000),
        (15_500, 15_300, 500, 8_000),
    ];

    /// <summary>Registers the four locations in one block and orders their forecasts for slot 1 in the next.</summary>
    public static void RegisterAndOrderSlotOne(PoegChain chain)
    {
        chain.Produce(extra: chain.Keys.Select((k, i) => chain.Tx(k, new GridRegistrationPayload(Households[i].X, Households[i].Y))).ToList());
        chain.Produce(extra: chain.Keys.Select((k, i) => chain.Tx(k, new EnergyReportPayload(1, Households[i].P, Households[i].C))).ToList());
    }
}
