using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

public sealed class KeyCommandTests : IDisposable
{
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task Key_new_prints_name_and_address_and_list_shows_it()
    {
        var created = await _wallet.RunAsync("key", "new", "--name", "alice", "--json");
        Assert.True(created.ExitCode == 0, created.Error);
        using var json = JsonDocument.Parse(created.Out);
        var address = json.RootElement.GetProperty("address").GetString()!;
        Assert.True(Address.TryParse(address, out _, out _));
        Assert.Equal("alice", json.RootElement.GetProperty("name").GetString());

        var list = await _wallet.RunAsync("key", "list");
        Assert.Equal(0, list.ExitCode);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Contains(address, lines[1], StringComparison.Ordinal);
        Assert.StartsWith("alice", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_then_export_gives_the_same_secret_and_address_needs_no_passphrase()
    {
        var key = PrivateKey.FromSeed("cli/import-export");
        await _wallet.ImportAsync(key, "alice");

        var export = await _wallet.RunAsync("key", "export", "--name", "alice");
        Assert.Equal(0, export.ExitCode);
        Assert.Equal(Convert.ToHexStringLower(key.ExportSecret()), export.Out.Trim());

        _wallet.Variables.Remove("ECW_PASSWORD");
        var address = await _wallet.RunAsync("address");
        Assert.Equal(0, address.ExitCode);
        Assert.Equal(key.Address.ToString(), address.Out.Trim());
    }

    [Fact]
    public async Task Export_with_a_wrong_passphrase_fails_with_one_line()
    {
        await _wallet.ImportAsync(PrivateKey.FromSeed("cli/wrong"), "alice");
        _wallet.Variables["ECW_PASSWORD"] = "wrong";

        var result = await _wallet.RunAsync("key", "export", "--name", "alice");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: wrong passphrase for key 'alice'"], result.ErrorLines);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task The_passphrase_file_option_wins_over_the_environment()
    {
        var file = Path.Combine(_wallet.Root, "pw");
        await File.WriteAllTextAsync(file, "from the file\n");
        _wallet.Variables["ECW_PASSWORD"] = "from the environment";
        Assert.Equal(0, (await _wallet.RunAsync("key", "new", "--password-file", file)).ExitCode);

        _wallet.Variables["ECW_PASSWORD"] = "from the file";
        Assert.Equal(0, (await _wallet.RunAsync("key", "export")).ExitCode);
    }

    [Fact]
    public async Task Without_any_passphrase_source_the_error_says_what_to_do()
    {
        _wallet.Variables.Remove("ECW_PASSWORD");

        var result = await _wallet.RunAsync("key", "new");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("stdin is not a terminal", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_wallet.KeystoreDirectory) && Directory.GetFiles(_wallet.KeystoreDirectory).Length > 0);
    }

    [Fact]
    public async Task An_interactive_prompt_is_used_when_no_other_source_is_set()
    {
        _wallet.Variables.Remove("ECW_PASSWORD");
        _wallet.Prompt = _ => "typed at the terminal";
        Assert.Equal(0, (await _wallet.RunAsync("key", "new")).ExitCode);

        _wallet.Prompt = null;
        _wallet.Variables["ECW_PASSWORD"] = "typed at the terminal";
        Assert.Equal(0, (await _wallet.RunAsync("key", "export")).ExitCode);
    }

    [Fact]
    public async Task A_second_default_key_or_a_duplicate_import_is_refused()
    {
        var key = PrivateKey.FromSeed("cli/dup");
        await _wallet.ImportAsync(key);

        var again = await _wallet.RunAsync("key", "new");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--name", again.Error, StringComparison.Ordinal);

        var secret = Path.Combine(_wallet.Root, "s");
        await File.WriteAllTextAsync(secret, Convert.ToHexStringLower(key.ExportSecret()));
        var duplicate = await _wallet.RunAsync("key", "import", "--name", "other", "--file", secret);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Equal(["error: this key is already in the keystore as 'default' (" + key.Address + ")"], duplicate.ErrorLines);
    }

    [Fact]
    public async Task Importing_a_file_without_a_key_is_a_clear_error()
    {
        var secret = Path.Combine(_wallet.Root, "s");
        await File.WriteAllTextAsync(secret, "not hex at all");

        var result = await _wallet.RunAsync("key", "import", "--file", secret);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: {secret} does not hold a private key (64 hexadecimal characters)"], result.ErrorLines);
    }

    [Fact]
    public async Task Key_list_json_is_an_array_and_empty_without_keys()
    {
        var empty = await _wallet.RunAsync("key", "list", "--json");
        Assert.Equal("[]", empty.Out.Trim());

        await _wallet.ImportAsync(PrivateKey.FromSeed("cli/list"), "zed");
        using var json = JsonDocument.Parse((await _wallet.RunAsync("--json", "key", "list")).Out);
        Assert.Equal("zed", json.RootElement[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Several_keys_without_a_default_need_key()
    {
        await _wallet.ImportAsync(PrivateKey.FromSeed("cli/a"), "a");
        await _wallet.ImportAsync(PrivateKey.FromSeed("cli/b"), "b");

        var ambiguous = await _wallet.RunAsync("address");
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("choose one with --key NAME", ambiguous.Error, StringComparison.Ordinal);

        var chosen = await _wallet.RunAsync("address", "--key", "b");
        Assert.Equal(PrivateKey.FromSeed("cli/b").Address.ToString(), chosen.Out.Trim());

        _wallet.Variables["ECW_KEY"] = "a";
        Assert.Equal(PrivateKey.FromSeed("cli/a").Address.ToString(), (await _wallet.RunAsync("address")).Out.Trim());
    }
}
