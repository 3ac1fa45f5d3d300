using System.Diagnostics;

namespace EnergyChain.Node.Tests.Hosting;

/// <summary>
/// Runs the real <c>ecw</c> (ecw.dll next to the tests) with a keystore and passphrase for scripts, over gRPC to
/// <c>HOST:PORT</c>, or over HTTP when the node is given as an <c>http://</c> URL (<c>--http</c>).
/// </summary>
internal sealed class WalletProcess
{
    public const string Passphrase = "correct horse battery staple";

    private readonly string _keystore;
    private readonly string _node;
    private readonly string _passphrase;

    public WalletProcess(string keystore, string nodeUrl, string passphrase = Passphrase)
    {
        _keystore = keystore;
        _node = nodeUrl;
        _passphrase = passphrase;
    }

    /// <summary>
    /// ecw.dll in the wallet's own build output, with its dependencies as it ships: the copy next to the tests lacks
    /// what the tests take from the ASP.NET shared framework instead (Microsoft.Extensions.Logging.Abstractions, which
    /// ecw's gRPC client loads), and ecw does not run on that framework.
    /// </summary>
    private static string EcwDll
    {
        get
        {
            var testProject = Path.Combine("tests", "EnergyChain.Node.Tests");
            var own = AppContext.BaseDirectory.Replace(testProject, Path.Combine("wallet-cli", "EnergyChain.Wallet"), StringComparison.Ordinal);
            var dll = Path.Combine(own, "ecw.dll");
            return File.Exists(dll) ? dll : Path.Combine(AppContext.BaseDirectory, "ecw.dll");
        }
    }

    public (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(EcwDll);
        info.ArgumentList.Add("--node");
        info.ArgumentList.Add(_node);
        if (_node.StartsWith("http://", StringComparison.Ordinal))
        {
            info.ArgumentList.Add("--http");
        }

        info.ArgumentList.Add("--keystore");
        info.ArgumentList.Add(_keystore);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ECW_PASSWORD"] = _passphrase;
        info.Environment["ECW_KDF_ITERATIONS"] = "1000"; // keeps the test fast; the default is 600,000
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ecw {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public string RunOk(params string[] args)
    {
        var (exit, stdout, stderr) = Run(args);
        Assert.True(exit == 0, $"ecw {string.Join(' ', args)} exited {exit}: {stderr}{stdout}");
        return stdout;
    }
}
