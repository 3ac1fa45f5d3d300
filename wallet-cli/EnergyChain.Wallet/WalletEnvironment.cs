using System.Text;

namespace EnergyChain.Wallet;

/// <summary>
/// Everything the wallet takes from its process: streams, environment variables, the home directory, the
/// terminal and the HTTP stack. Tests build one in memory, so the CLI runs in-process against a fake node.
/// </summary>
internal sealed class WalletEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>The user's home directory, for the default keystore <c>~/.energychain/keystore</c>.</summary>
    public required string HomeDirectory { get; init; }

    /// <summary>
    /// Prompts for a secret on the terminal without echo; null when stdin is not a terminal, in which case the
    /// passphrase must come from <c>--password-file</c> or <c>ECW_PASSWORD</c>.
    /// </summary>
    public Func<string, string>? ReadSecret { get; init; }

    /// <summary>The HTTP handler for node calls; null means a real <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How often <c>--wait</c> asks the node about a transaction.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public static WalletEnvironment FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        GetVariable = Environment.GetEnvironmentVariable,
        HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        ReadSecret = Console.IsInputRedirected ? null : ReadSecretFromConsole,
    };

    private static string ReadSecretFromConsole(string prompt)
    {
        Console.Error.Write(prompt);
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return secret.ToString();
    }
}
