namespace EnergyChain.Wallet;

/// <summary>The process exit codes of <c>ecw</c>; scripts rely on them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed: node unreachable, refused transaction, wrong passphrase, ...</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown option, missing or malformed value, bad address.</summary>
    public const int Usage = 2;
}
