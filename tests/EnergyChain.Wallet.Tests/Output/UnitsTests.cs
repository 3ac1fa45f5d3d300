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
