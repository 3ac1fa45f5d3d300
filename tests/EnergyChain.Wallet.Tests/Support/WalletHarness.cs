using EnergyChain.Core.Crypto;
using EnergyChain.Wallet.Commands;

namespace EnergyChain.Wallet.Tests.Support;

/// <summary>
/// Runs <c>ecw</c> in-process with a temporary keystore, a fast KDF (ECW_KDF_ITERATIONS=1000), a passphrase in
/// ECW_PASSWORD and a <see cref="FakeNode"/> as the HTTP handler. Nothing touches the real environment.
/// </summary>
internal sealed class WalletHarness : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    public WalletHarness()
    {
        Root = Directory.CreateTempSubdirectory("ecw-test-").FullName;
        KeystoreDirectory = Path.Combine(Root, "keystore");
        Variables = new Dictionary<string, string>
        {
            ["ECW_KEYSTORE"] = KeystoreDirectory,
            ["ECW_KDF_ITERATIONS"] = "1000",
            ["ECW_PASSWORD"] = Passphrase,
            ["ECW_NODE"] = "http://node.test:8645",
        };
    }

    public string Root { get; }

    public string KeystoreDirectory { get; }

    public Dictionary<string, string> Variables { get; }

    public FakeNode Node { get; } = new();

    /// <summary>The wallet's HTTP handler; null makes the wallet use real sockets.</summary>
    public HttpMessageHandler? Handler { get; set; }

    public bool UseFakeNode { get; set; } = true;

    /// <summary>
    /// Runs with <c>--http</c>, so the wallet talks to <see cref="FakeNode"/> over HTTP; false for the default gRPC
    /// path (<see cref="FakeGrpcNode"/>).
    /// </summary>
    public bool Http { get; set; } = true;

    /// <summary>Stands in for the terminal prompt; null means "stdin is not a terminal".</summary>
    public Func<string, string>? Prompt { get; set; }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>Runs with a cancellation token, which is what Ctrl-C does to a real run.</summary>
    public async Task<CliResult> RunAsync(CancellationToken cancellation, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new WalletEnvironment
        {
            Out = output,
            Error = error,
            GetVariable = name => Variables.GetValueOrDefault(name),
            HomeDirectory = Root,
            ReadSecret = Prompt,
            HttpHandler = UseFakeNode ? Node : Handler,
            PollInterval = TimeSpan.FromMilliseconds(1),
        };
        var exitCode = await WalletCli.RunAsync(Http ? ["--http", .. args] : args, environment, cancellation);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Imports <paramref name="key"/> through <c>ecw key import</c>.</summary>
    public async Task ImportAsync(PrivateKey key, string name = "default")
    {
        var file = Path.Combine(Root, $"{name}.secret");
        await File.WriteAllTextAsync(file, Convert.ToHexStringLower(key.ExportSecret()) + "\n");
        var result = await RunAsync("key", "import", "--name", name, "--file", file);
        File.Delete(file);
        Assert.True(result.ExitCode == 0, result.Error);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
