using System.Globalization;

namespace EnergyChain.Wallet.Output;

/// <summary>Human formats for amounts (micro-units, 1 EC = 1,000,000) and state of charge (ppm).</summary>
internal static class Units
{
    public const ulong MicroPerEc = 1_000_000;

    /// <summary>"1.5 EC" for 1,500,000: exact, without trailing zeros.</summary>
    public static string Ec(ulong micro)
    {
        var whole = (micro / MicroPerEc).ToString(CultureInfo.InvariantCulture);
        var fraction = micro % MicroPerEc;
        return fraction == 0
            ? $"{whole} EC"
            : $"{whole}.{fraction.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0')} EC";
    }

    /// <summary>"1.5 EC (1500000)": the readable form and the exact micro-units.</summary>
    public static string EcWithMicro(ulong micro) =>
        $"{Ec(micro)} ({micro.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>"80%" for 800,000 ppm (up to four decimals).</summary>
    public static string Percent(ulong ppm) =>
        (ppm / 10_000m).ToString("0.####", CultureInfo.InvariantCulture) + "%";
}
