using System.Globalization;

namespace EnergyChain.Wallet.Output;

/// <summary>
/// Human formats for amounts (micro-units, 1 EC = 1,000,000), energy (Wh), market prices (micro-units per Wh) and
/// state of charge (ppm).
/// </summary>
internal static class Units
{
    public const ulong MicroPerEc = 1_000_000;

    public const ulong WhPerKwh = 1_000;

    /// <summary>"1.5 EC" for 1,500,000: exact, without trailing zeros.</summary>
    public static string Ec(ulong micro)
    {
        var whole = (micro / MicroPerEc).ToString(CultureInfo.InvariantCulture);
        var fraction = micro % MicroPerEc;
        return fraction == 0
            ? $"{whole} EC"
            : $"{whole}.{fraction.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0')} EC";
    }

    /// <summary>"-0.5 EC" for -500,000: net results and payoffs can be losses.</summary>
    public static string SignedEc(long micro) =>
        micro < 0 ? "-" + Ec(unchecked(0UL - (ulong)micro)) : Ec((ulong)micro);

    /// <summary>"850 Wh" below 1 kWh, else "2.5 kWh" (exact, up to three decimals).</summary>
    public static string Energy(ulong wh) =>
        wh < WhPerKwh ? $"{wh.ToString(CultureInfo.InvariantCulture)} Wh" : $"{Plain(wh / (decimal)WhPerKwh)} kWh";

    /// <summary>"0.19 EC/kWh" for 190 micro-units per Wh: the unit tariffs are quoted in.</summary>
    public static string Price(ulong microPerWh) => $"{Plain(microPerWh * (decimal)WhPerKwh / MicroPerEc)} EC/kWh";

    /// <summary>"0.19 EC/kWh (190 micro/Wh)": the readable form and the exact value the chain stores.</summary>
    public static string PriceWithMicro(ulong microPerWh) =>
        $"{Price(microPerWh)} ({microPerWh.ToString(CultureInfo.InvariantCulture)} micro/Wh)";

    /// <summary>"1.5 EC (1500000)": the readable form and the exact micro-units.</summary>
    public static string EcWithMicro(ulong micro) =>
        $"{Ec(micro)} ({micro.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>"80%" for 800,000 ppm (up to four decimals).</summary>
    public static string Percent(ulong ppm) =>
        (ppm / 10_000m).ToString("0.####", CultureInfo.InvariantCulture) + "%";

    private static string Plain(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
