using EnergyChain.Wallet.Commands;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class AmountParserTests
{
    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("1500000", 1_500_000UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("1.5EC", 1_500_000UL)]
    [InlineData("1.5ec", 1_500_000UL)]
    [InlineData("1.5 EC", 1_500_000UL)]
    [InlineData("2EC", 2_000_000UL)]
    [InlineData("0.000001EC", 1UL)]
    [InlineData(".25EC", 250_000UL)]
    [InlineData("123456.654321EC", 123_456_654_321UL)]
    [InlineData("18446744073709.551615EC", ulong.MaxValue)]
    [InlineData(" 7 ", 7UL)]
    public void Accepts_micro_units_and_exact_EC(string text, ulong expected)
    {
        Assert.True(AmountParser.TryParse(text, out var micro, out var error), error);
        Assert.Equal(expected, micro);
    }

    [Theory]
    [InlineData("1.0000001EC", "more than 6 decimals")]
    [InlineData("1.5", "needs the EC suffix")]
    [InlineData("-1", "is not a number")]
    [InlineData("1e6", "is not a number")]
    [InlineData("EC", "is not a number of EC")]
    [InlineData("1.EC", "is not a number of EC")]
    [InlineData("1..5EC", "is not a number of EC")]
    [InlineData("18446744073709551616", "too large")]
    [InlineData("18446744073709.551616EC", "too large")]
    [InlineData("99999999999999999999EC", "too large")]
    [InlineData("", "required")]
    public void Refuses_anything_else_with_a_reason(string text, string reason)
    {
        Assert.False(AmountParser.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_a_usage_error_naming_the_option()
    {
        var error = Assert.Throws<WalletException>(() => AmountParser.Parse("1.2345678EC", "--amount"));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith("--amount: ", error.Message, StringComparison.Ordinal);
    }
}
