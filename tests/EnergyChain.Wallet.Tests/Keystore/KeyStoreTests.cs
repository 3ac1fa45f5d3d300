using System.Text;
using System.Text.Json.Nodes;
using EnergyChain.Core.Crypto;
using EnergyChain.Wallet.Keystore;

namespace EnergyChain.Wallet.Tests.Keystore;

public sealed class KeyStoreTests : IDisposable
{
    private const string Passphrase = "hunter2 but longer";
    private readonly string _directory = Path.Combine(Directory.CreateTempSubdirectory("ecw-keystore-").FullName, "keys");
    private readonly KeyStore _store;

    public KeyStoreTests()
    {
        _store = new KeyStore(_directory, iterations: KeyCipher.MinIterations);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);

    [Fact]
    public void A_stored_key_comes_back_with_the_right_passphrase()
    {
        var key = PrivateKey.FromSeed("keystore/round-trip");
        _store.Add("alice", key, Passphrase);

        var entry = _store.Get("alice");
        var unlocked = KeyStore.Unlock(entry, Passphrase);

        Assert.Equal(key.Address, unlocked.Address);
        Assert.Equal(key.ExportSecret(), unlocked.ExportSecret());
        Assert.Equal(key.Address.ToString(), entry.Address);
        Assert.Equal(key.PublicKey.ToString(), entry.PublicKey);
    }

    [Fact]
    public void The_file_never_contains_the_secret_in_clear()
    {
        var key = PrivateKey.FromSeed("keystore/no-clear-text");
        var secret = key.ExportSecret();
        _store.Add("alice", key, Passphrase);

        var bytes = File.ReadAllBytes(Path.Combine(_directory, "alice.json"));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain(Convert.ToHexStringLower(secret), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(secret), text, StringComparison.Ordinal);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(secret));
        Assert.DoesNotContain(Passphrase, text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_has_the_documented_fields()
    {
        _store.Add("alice", PrivateKey.FromSeed("keystore/fields"), Passphrase);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "alice.json")))!;
        Assert.Equal(1, (int)json["version"]!);
        Assert.Equal("alice", (string)json["name"]!);
        Assert.Equal("pbkdf2-sha256", (string)json["kdf"]!);
        Assert.Equal(KeyCipher.MinIterations, (int)json["iterations"]!);
        Assert.Equal(32, ((string)json["salt"]!).Length);
        Assert.Equal("aes-256-gcm", (string)json["cipher"]!);
        Assert.Equal(24, ((string)json["nonce"]!).Length);
        Assert.Equal(64, ((string)json["ciphertext"]!).Length);
        Assert.Equal(32, ((string)json["tag"]!).Length);
    }

    [Fact]
    public void Two_files_for_the_same_key_use_different_salts_and_nonces()
    {
        var key = PrivateKey.FromSeed("keystore/salts");
        var a = _store.Add("a", key, Passphrase).File;
        var b = _store.Add("b", key, Passphrase).File;

        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Nonce, b.Nonce);
        Assert.NotEqual(a.Ciphertext, b.Ciphertext);
    }

    [Fact]
    public void A_wrong_passphrase_fails_cleanly_with_the_key_name()
    {
        _store.Add("alice", PrivateKey.FromSeed("keystore/wrong"), Passphrase);

        var error = Assert.Throws<WalletException>(() => KeyStore.Unlock(_store.Get("alice"), "not the passphrase"));
        Assert.Equal("wrong passphrase for key 'alice'", error.Message);
        Assert.Equal(ExitCodes.Failure, error.ExitCode);
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("nonce")]
    [InlineData("salt")]
    public void A_tampered_file_does_not_open(string field)
    {
        _store.Add("alice", PrivateKey.FromSeed("keystore/tamper"), Passphrase);
        var path = Path.Combine(_directory, "alice.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var hex = (string)json[field]!;
        json[field] = (hex[0] == '0' ? "1" : "0") + hex[1..];
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<WalletException>(() => KeyStore.Unlock(_store.Get("alice"), Passphrase));
        Assert.Equal("wrong passphrase for key 'alice'", error.Message);
    }

    [Fact]
    public void A_file_whose_address_was_swapped_is_reported_damaged()
    {
        _store.Add("alice", PrivateKey.FromSeed("keystore/swap"), Passphrase);
        var path = Path.Combine(_directory, "alice.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["address"] = PrivateKey.FromSeed("keystore/other").Address.ToString();
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<WalletException>(() => KeyStore.Unlock(_store.Get("alice"), Passphrase));
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_key_file_is_a_clear_error()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "junk.json"), "{\"version\": 1}");

        var error = Assert.Throws<WalletException>(() => _store.Get("junk"));
        Assert.Contains("is not a valid keystore file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_are_owner_only_and_no_temporary_file_is_left()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _store.Add("alice", PrivateKey.FromSeed("keystore/mode"), Passphrase);

        var path = Path.Combine(_directory, "alice.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        Assert.Equal(["alice.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void An_existing_key_is_never_overwritten()
    {
        var first = PrivateKey.FromSeed("keystore/first");
        _store.Add("alice", first, Passphrase);

        var error = Assert.Throws<WalletException>(() => _store.Add("alice", PrivateKey.FromSeed("keystore/second"), Passphrase));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(first.Address, KeyStore.Unlock(_store.Get("alice"), Passphrase).Address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../evil")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("with space")]
    public void Bad_names_are_refused(string name)
    {
        Assert.False(KeyStore.IsValidName(name, out var error));
        Assert.Contains("invalid key name", error, StringComparison.Ordinal);
        Assert.Throws<WalletException>(() => _store.Add(name, PrivateKey.FromSeed("keystore/name"), Passphrase));
    }

    [Fact]
    public void An_empty_passphrase_is_refused()
    {
        var error = Assert.Throws<WalletException>(() => _store.Add("alice", PrivateKey.FromSeed("keystore/empty"), string.Empty));
        Assert.Contains("must not be empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_prefers_the_named_key_then_default_then_the_only_key()
    {
        Assert.Contains("no keys in", Assert.Throws<WalletException>(() => _store.Select(null)).Message, StringComparison.Ordinal);

        _store.Add("alice", PrivateKey.FromSeed("keystore/a"), Passphrase);
        Assert.Equal("alice", _store.Select(null).Name);

        _store.Add("bob", PrivateKey.FromSeed("keystore/b"), Passphrase);
        var ambiguous = Assert.Throws<WalletException>(() => _store.Select(null));
        Assert.Contains("--key NAME", ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal("bob", _store.Select("bob").Name);

        _store.Add("default", PrivateKey.FromSeed("keystore/c"), Passphrase);
        Assert.Equal("default", _store.Select(null).Name);

        Assert.Contains("no key named 'carol'", Assert.Throws<WalletException>(() => _store.Select("carol")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_iteration_count_is_high_and_low_counts_are_refused()
    {
        Assert.True(KeyCipher.DefaultIterations >= 600_000);
        Assert.Equal(KeyCipher.DefaultIterations, new KeyStore(_directory).Iterations);
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyStore(_directory, iterations: 10));
    }
}
