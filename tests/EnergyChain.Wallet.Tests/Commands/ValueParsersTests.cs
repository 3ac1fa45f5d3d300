using EnergyChain.Core.Crypto;
using EnergyChain.Wallet.Commands;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class ValueParsersTests
{
    [Theory]
    [InlineData("800000", 800_000U)]
    [InlineData("80%", 800_000U)]
    [InlineData("12.3456%", 123_456U)]
    [InlineData("100%", 1_000_000U)]
    [InlineData("0", 0U)]
    public void Ppm_accepts_parts_per_million_and_percent(string text, uint expected) =>
        Assert.Equal(expected, ValueParsers.Ppm(text, "--soc"));

    [Theory]
    [InlineData("1000001")]
    [InlineData("100.5%")]
    [InlineData("1.23456%")]
    [InlineData("-5")]
    [InlineData("half")]
    public void Ppm_refuses_out_of_range_or_malformed(string text) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<WalletException>(() => ValueParsers.Ppm(text, "--soc")).ExitCode);

    [Fact]
    public void A_mistyped_address_is_a_usage_error_with_the_checksum_message()
    {
        var good = PrivateKey.FromSeed("parsers/address").Address.ToString();
        var typo = good[..^1] + (good[^1] == '0' ? '1' : '0');

        Assert.Equal(good, ValueParsers.Address(good).ToString());
        var error = Assert.Throws<WalletException>(() => ValueParsers.Address(typo));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Address.TryParse(typo, out _, out var expected);
        Assert.Equal($"invalid address '{typo}': {expected}", error.Message);
    }

    [Theory]
    [InlineData("12", "12")]
    [InlineData("007", "7")]
    [InlineData("0xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Block_ids_are_heights_or_hashes(string text, string expected) =>
        Assert.Equal(expected, ValueParsers.BlockId(text));

    [Fact]
    public void Other_block_ids_are_usage_errors() =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<WalletException>(() => ValueParsers.BlockId("latest")).ExitCode);
}
