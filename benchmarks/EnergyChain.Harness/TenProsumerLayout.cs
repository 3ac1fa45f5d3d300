namespace EnergyChain.Harness;

/// <summary>
/// Ten prosumers shaped after thesis Table 3.2: four sellers (P2, P5, P7, P9 with surpluses near the table's
/// 3.22 / 4.12 / 0.88 / 2.67 kWh scores) and six buyers. The thesis does not publish coordinates or the exact
/// forecasts, so positions and deficits are fixed by hand on the 20 km x 20 km area, in metres from the EDC (which
/// sits at the origin); energies in Wh for one 24 h slot. Shared by the market tests and the PoEG chain case.
/// </summary>
public static class TenProsumerLayout
{
    public static readonly (long XMetres, long YMetres, long ProductionWh, long ConsumptionWh)[] Households =
    [
        (-6_200, 4_100, 1_100, 2_400),   // P0 buyer
        (-7_400, 5_900, 900, 1_700),     // P1 buyer
        (3_800, -2_900, 5_600, 2_300),   // P2 seller 3.3 kWh
        (8_100, 7_300, 1_200, 2_000),    // P3 buyer
        (400, -600, 300, 3_900),         // P4 buyer next to the EDC
        (5_200, -5_100, 6_900, 2_650),   // P5 seller 4.25 kWh
        (6_400, -3_700, 1_000, 2_100),   // P6 buyer
        (-5_600, 5_000, 2_400, 1_500),   // P7 seller 0.9 kWh
        (4_600, -1_800, 800, 2_900),     // P8 buyer
        (7_700, 8_200, 4_100, 1_350),    // P9 seller 2.75 kWh
    ];
}
