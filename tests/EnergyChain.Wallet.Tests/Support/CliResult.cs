namespace EnergyChain.Wallet.Tests.Support;

/// <summary>The result of one in-process <c>ecw</c> run.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
