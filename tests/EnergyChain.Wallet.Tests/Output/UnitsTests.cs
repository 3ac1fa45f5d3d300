using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Tests.Output;

public sealed class UnitsTests
{
    [Theory]
    [InlineData(0UL, "0 EC")]
    [InlineData(1UL, "0.000001 EC")]
    [InlineData(1_500_000UL, "1.5 EC")]
    [InlineData(1_000_000_000UL, "1000 EC")]
    [InlineData(ulong.MaxValue, "18446744073709.551615 EC")]
    public void Ec_is_exact_without_trailing_zeros(ulong micro, string expected) => Assert.Equal(expected, Units.Ec(micro));

    [Theory]
    [InlineData(0L, "0 EC")]
    [InlineData(-579_160L, "-0.57916 EC")]
    [InlineData(long.MinValue, "-9223372036854.775808 EC")]
    public void SignedEc_shows_losses_with_a_minus(long micro, string expected) => Assert.Equal(expected, Units.SignedEc(micro));

    [Theory]
    [InlineData(0UL, "0 Wh")]
    [InlineData(999UL, "999 Wh")]
    [InlineData(1000UL, "1 kWh")]
    [InlineData(2501UL, "2.501 kWh")]
    public void Energy_switches_to_kwh_from_one_kwh_and_stays_exact(ulong wh, string expected) => Assert.Equal(expected, Units.Energy(wh));

    [Theory]
    [InlineData(190UL, "0.19 EC/kWh (190 micro/Wh)")]
    [InlineData(1UL, "0.001 EC/kWh (1 micro/Wh)")]
    [InlineData(1500UL, "1.5 EC/kWh (1500 micro/Wh)")]
    public void Prices_are_shown_in_ec_per_kwh_with_the_exact_micro_units_per_wh(ulong microPerWh, string expected) =>
        Assert.Equal(expected, Units.PriceWithMicro(microPerWh));

    [Fact]
    public void Percent_shows_ppm_as_percent() => Assert.Equal("80.5%", Units.Percent(805_000));

    [Fact]
    public void Tables_align_columns_and_never_wrap()
    {
        var table = new TextTable("NAME", "ADDRESS");
        table.Add("a", new string('x', 120));
        table.Add("longer", "y");
        using var writer = new StringWriter();
        table.Write(writer);

        Assert.Equal(
            ["NAME    ADDRESS", "a       " + new string('x', 120), "longer  y"],
            writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
