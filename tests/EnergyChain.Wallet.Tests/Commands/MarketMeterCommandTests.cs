using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class MarketMeterCommandTests : IDisposable
{
    private static readonly PrivateKey Home = PrivateKey.FromSeed("cli/meter/home");
    private static readonly PrivateKey Meter = PrivateKey.FromSeed("cli/meter/meter");
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task A_reading_is_signed_by_the_meter_key_and_names_the_household_key()
    {
        await _wallet.ImportAsync(Home);
        await _wallet.ImportAsync(Meter, "meter");
        _wallet.Node.Accounts[Meter.Address.ToString()] = (Nonce: 3, Pending: 0);

        var result = await _wallet.RunAsync(
            "market", "meter", "--slot", "11", "--produced", "8800", "--consumed", "4100", "--meter-key", "meter", "--household", "default");

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        Assert.Equal(new MeterReadingPayload(Home.Address, 11, 8800, 4100), tx.Payload);
        Assert.Equal(TxType.MeterReading, tx.Type);
        Assert.Equal(Meter.PublicKey, tx.Sender);
        Assert.Equal(3UL, tx.Nonce);
        Assert.True(FakeNode.HasValidSignature(tx));
        Assert.Contains($"MeterReading slot 11 of {Home.Address}: produced 8800 Wh, consumed 4100 Wh", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{Meter.Address} (meter)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_household_can_be_an_address_outside_the_keystore()
    {
        await _wallet.ImportAsync(Meter, "meter");

        var result = await _wallet.RunAsync(
            "market", "meter", "--slot", "0", "--produced", "0", "--consumed", "250", "--meter-key", "meter", "--household", Home.Address.ToString(), "--wait");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(new MeterReadingPayload(Home.Address, 0, 0, 250), Assert.Single(_wallet.Node.Submitted).Payload);
        Assert.Contains("committed at height 42", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_household_is_a_usage_error_before_anything_is_signed()
    {
        await _wallet.ImportAsync(Meter, "meter");

        var result = await _wallet.RunAsync(
            "market", "meter", "--slot", "1", "--produced", "1", "--consumed", "1", "--meter-key", "meter", "--household", "nobody");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: 'nobody' is neither an address nor the name of a key in {_wallet.KeystoreDirectory}"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }

    [Fact]
    public async Task A_missing_meter_key_is_named()
    {
        await _wallet.ImportAsync(Home);

        var result = await _wallet.RunAsync(
            "market", "meter", "--slot", "1", "--produced", "1", "--consumed", "1", "--meter-key", "meter", "--household", Home.Address.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: no key named 'meter' in {_wallet.KeystoreDirectory}"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Submitted);
    }

    [Fact]
    public async Task Tx_status_describes_a_meter_reading()
    {
        await _wallet.ImportAsync(Meter, "meter");
        Assert.Equal(0, (await _wallet.RunAsync(
            "market", "meter", "--slot", "4", "--produced", "10", "--consumed", "20", "--meter-key", "meter", "--household", Home.Address.ToString())).ExitCode);

        var result = await _wallet.RunAsync("tx", "status", _wallet.Node.Submitted[0].Hash.ToString());

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"slot 4 of {Home.Address}: produced 10 Wh, consumed 20 Wh", result.Out, StringComparison.Ordinal);
    }
}
