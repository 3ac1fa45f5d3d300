namespace EnergyChain.Wallet.Keystore;

/// <summary>
/// Where the passphrase comes from, in order: <c>--password-file FILE</c> (one trailing newline removed), the
/// <c>ECW_PASSWORD</c> environment variable, or a prompt without echo when stdin is a terminal.
/// </summary>
internal sealed class PassphraseSource(string? passwordFile, string? environmentValue, Func<string, string>? prompt)
{
    public const string EnvironmentVariable = "ECW_PASSWORD";

    /// <summary>
    /// The passphrase for <paramref name="purpose"/> (e.g. "key 'alice'"). With <paramref name="confirm"/> an
    /// interactive prompt asks twice (new keys); files and the environment are taken as they are.
    /// </summary>
    public string Get(string purpose, bool confirm = false)
    {
        if (passwordFile is not null)
        {
            return ReadFile(passwordFile);
        }

        if (environmentValue is not null)
        {
            return environmentValue;
        }

        if (prompt is null)
        {
            throw new WalletException(
                $"a passphrase is needed for {purpose} but stdin is not a terminal; use --password-file FILE or set {EnvironmentVariable}");
        }

        var passphrase = prompt($"Passphrase for {purpose}: ");
        if (confirm && prompt("Repeat the passphrase: ") != passphrase)
        {
            throw new WalletException("the passphrases do not match");
        }

        return passphrase;
    }

    private static string ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WalletException($"cannot read the password file {path}: {e.Message}");
        }

        if (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            return text[..^2];
        }

        return text.EndsWith('\n') ? text[..^1] : text;
    }
}
