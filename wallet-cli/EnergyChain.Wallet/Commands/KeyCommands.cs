using System.CommandLine;
using System.Security.Cryptography;
using EnergyChain.Core.Crypto;
using EnergyChain.Wallet.Keystore;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary><c>ecw key new|list|import|export</c>.</summary>
internal static class KeyCommands
{
    public static Command Create(CommandBuilder builder) => new("key", "Manage the keys in the keystore")
    {
        New(builder),
        List(builder),
        Import(builder),
        Export(builder),
    };

    private static Command New(CommandBuilder builder)
    {
        var name = NameOption("Name of the new key (default: 'default')");
        var command = new Command("new", "Generate a key and store it encrypted in the keystore") { name };
        builder.SetAction(command, context =>
        {
            var keyName = NewKeyName(context, context.Get(name));
            var passphrase = context.Passphrase.Get($"new key '{keyName}'", confirm: true);
            var entry = context.Keystore.Add(keyName, PrivateKey.Generate(), passphrase);
            WriteKey(context.Output, "created", entry);
        });
        return command;
    }

    private static Command List(CommandBuilder builder)
    {
        var command = new Command("list", "Show the keys: name, address and public key (no passphrase needed)");
        builder.SetAction(command, context =>
        {
            var keys = context.Keystore.List();
            var output = context.Output;
            if (output.Json)
            {
                output.WriteJson(keys.Select(k => new { name = k.Name, address = k.Address, publicKey = k.PublicKey }).ToArray());
                return;
            }

            if (keys.Count == 0)
            {
                output.WriteLine($"no keys in {context.Keystore.Directory} (create one with 'ecw key new')");
                return;
            }

            var table = new TextTable("NAME", "ADDRESS", "PUBLIC KEY");
            foreach (var key in keys)
            {
                table.Add(key.Name, key.Address, key.PublicKey);
            }

            output.WriteTable(table);
        });
        return command;
    }

    private static Command Import(CommandBuilder builder)
    {
        var name = NameOption("Name for the imported key (default: 'default')");
        var file = new Option<string>("--file")
        {
            Description = "File holding the private key as 64 hexadecimal characters",
            Required = true,
        };
        var command = new Command("import", "Store an existing private key encrypted in the keystore") { name, file };
        builder.SetAction(command, context =>
        {
            var keyName = NewKeyName(context, context.Get(name));
            var key = ReadSecretFile(context.Get(file)!);
            if (context.Keystore.List().FirstOrDefault(k => k.Address == key.Address.ToString()) is { } existing)
            {
                throw new WalletException($"this key is already in the keystore as '{existing.Name}' ({existing.Address})");
            }

            var passphrase = context.Passphrase.Get($"new key '{keyName}'", confirm: true);
            var entry = context.Keystore.Add(keyName, key, passphrase);
            WriteKey(context.Output, "imported", entry);
        });
        return command;
    }

    private static Command Export(CommandBuilder builder)
    {
        var name = NameOption("Key to export (default: --key, else the 'default' or only key)");
        var command = new Command("export", "Print a key's private key in hex (needs its passphrase; keep the output secret)") { name };
        builder.SetAction(command, context =>
        {
            var (entry, key) = context.Unlock(context.Get(name) ?? context.KeyName);
            var secret = key.ExportSecret();
            var hex = Convert.ToHexStringLower(secret);
            CryptographicOperations.ZeroMemory(secret);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { name = entry.Name, address = entry.Address, secret = hex });
            }
            else
            {
                context.Output.WriteLine(hex);
            }
        });
        return command;
    }

    private static Option<string?> NameOption(string description) => new("--name") { Description = description };

    /// <summary>The name for a new key, checked before any passphrase is asked for.</summary>
    private static string NewKeyName(WalletContext context, string? requested)
    {
        var keyName = requested ?? KeyStore.DefaultKeyName;
        if (!KeyStore.IsValidName(keyName, out var error))
        {
            throw WalletException.Usage(error);
        }

        if (context.Keystore.Contains(keyName))
        {
            throw new WalletException(requested is null
                ? $"a key named '{keyName}' already exists in {context.Keystore.Directory}; choose another name with --name NAME"
                : $"a key named '{keyName}' already exists in {context.Keystore.Directory}");
        }

        return keyName;
    }

    internal static PrivateKey ReadSecretFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WalletException($"cannot read {path}: {e.Message}");
        }

        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        var secret = new byte[KeyCipher.SecretSize];
        try
        {
            if (text.Length != KeyCipher.SecretSize * 2
                || Convert.FromHexString(text, secret, out _, out var written) != System.Buffers.OperationStatus.Done
                || written != secret.Length)
            {
                throw new WalletException($"{path} does not hold a private key (64 hexadecimal characters)");
            }

            return PrivateKey.FromBytes(secret);
        }
        catch (FormatException e)
        {
            throw new WalletException($"{path}: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static void WriteKey(WalletOutput output, string verb, KeyEntry entry)
    {
        if (output.Json)
        {
            output.WriteJson(new { name = entry.Name, address = entry.Address, publicKey = entry.PublicKey, file = entry.FilePath });
            return;
        }

        output.WriteLine($"{verb} key '{entry.Name}'");
        output.WriteFields(("address", entry.Address), ("public key", entry.PublicKey), ("file", entry.FilePath));
    }
}
