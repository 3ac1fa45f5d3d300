using System.Text.Json;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Wallet.Keystore;

/// <summary>
/// A directory with one encrypted file per key, <c>NAME.json</c>. The directory is created 0700 and each file
/// 0600; a private key is only ever written encrypted (<see cref="KeyCipher"/>).
/// </summary>
internal sealed class KeyStore
{
    public const string DefaultKeyName = "default";
    private const int MaxNameLength = 64;

    public KeyStore(string directory, int iterations = KeyCipher.DefaultIterations)
    {
        if (iterations is < KeyCipher.MinIterations or > KeyCipher.MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), $"between {KeyCipher.MinIterations} and {KeyCipher.MaxIterations}");
        }

        Directory = Path.GetFullPath(directory);
        Iterations = iterations;
    }

    public string Directory { get; }

    /// <summary>PBKDF2 iterations for newly written keys (existing files keep their own count).</summary>
    public int Iterations { get; }

    public static bool IsValidName(string name, out string error)
    {
        if (name.Length is 0 or > MaxNameLength
            || !char.IsAsciiLetterOrDigit(name[0])
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            error = $"invalid key name '{name}': use 1 to {MaxNameLength} letters, digits, '-', '_' or '.', starting with a letter or digit";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>All keys, sorted by name; empty when the directory does not exist yet.</summary>
    public IReadOnlyList<KeyEntry> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Where(name => IsValidName(name, out _))
            .Order(StringComparer.Ordinal)
            .Select(Get)
            .ToArray();
    }

    public bool Contains(string name) => IsValidName(name, out _) && File.Exists(PathOf(name));

    /// <summary>The key called <paramref name="name"/>; a clear error when it is missing or unreadable.</summary>
    public KeyEntry Get(string name)
    {
        RequireValidName(name);
        var path = PathOf(name);
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WalletException($"no key named '{name}' in {Directory}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WalletException($"cannot read key file {path}: {e.Message}");
        }

        try
        {
            return new KeyEntry(name, path, KeyFile.FromJson(json));
        }
        catch (JsonException e)
        {
            throw new WalletException($"key file {path} is not a valid keystore file: {e.Message}");
        }
    }

    /// <summary>
    /// The key to sign with: <paramref name="name"/> when given, else the key named <c>default</c>, else the only
    /// key. No key, or several without a <c>default</c>, is an error that says what to do.
    /// </summary>
    public KeyEntry Select(string? name)
    {
        if (name is not null)
        {
            return Get(name);
        }

        var keys = List();
        if (keys.FirstOrDefault(k => k.Name == DefaultKeyName) is { } preferred)
        {
            return preferred;
        }

        return keys.Count switch
        {
            0 => throw new WalletException($"no keys in {Directory}; create one with 'ecw key new' or import one with 'ecw key import'"),
            1 => keys[0],
            _ => throw new WalletException(
                $"{keys.Count} keys in {Directory} ({string.Join(", ", keys.Select(k => k.Name))}) and none is named '{DefaultKeyName}'; choose one with --key NAME"),
        };
    }

    /// <summary>Encrypts and stores a new key; refuses to overwrite an existing name.</summary>
    public KeyEntry Add(string name, PrivateKey key, string passphrase)
    {
        RequireValidName(name);
        if (passphrase.Length == 0)
        {
            throw new WalletException("the passphrase must not be empty");
        }

        var path = PathOf(name);
        if (File.Exists(path))
        {
            throw new WalletException($"a key named '{name}' already exists in {Directory}");
        }

        var file = KeyCipher.Seal(name, key, passphrase, Iterations);
        try
        {
            PrivateFiles.EnsureDirectory(Directory);
            PrivateFiles.WriteNew(path, file.ToJsonBytes());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WalletException(File.Exists(path)
                ? $"a key named '{name}' already exists in {Directory}"
                : $"cannot write key file {path}: {e.Message}");
        }

        return new KeyEntry(name, path, file);
    }

    /// <summary>Decrypts a key; "wrong passphrase for key 'NAME'" when the passphrase does not open it.</summary>
    public static PrivateKey Unlock(KeyEntry entry, string passphrase) => KeyCipher.Open(entry.File, entry.Name, passphrase);

    private string PathOf(string name) => Path.Combine(Directory, name + ".json");

    private static void RequireValidName(string name)
    {
        if (!IsValidName(name, out var error))
        {
            throw WalletException.Usage(error);
        }
    }
}
