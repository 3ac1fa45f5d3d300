namespace EnergyChain.Wallet;

/// <summary>
/// A failure the wallet reports to the user as one <c>error: ...</c> line on stderr, with
/// <see cref="ExitCode"/> as the process exit code. Messages are written for operators, not developers.
/// </summary>
internal class WalletException : Exception
{
    public WalletException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    /// <summary>A wrong command line (exit code 2).</summary>
    public static WalletException Usage(string message) => new(message, ExitCodes.Usage);
}
