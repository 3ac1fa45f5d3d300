using System.CommandLine;

namespace EnergyChain.Wallet.Commands;

/// <summary>Options every command accepts, before or after the command name.</summary>
internal sealed class GlobalOptions
{
    /// <summary>The node's default gRPC address (its config's <c>grpc</c>).</summary>
    public const string DefaultNode = "127.0.0.1:8647";

    /// <summary>The node's default HTTP API, for <c>--http</c>.</summary>
    public const string DefaultHttpNode = "http://127.0.0.1:8645";

    public Option<string?> Node { get; } = new("--node")
    {
        Description = $"Node gRPC address HOST:PORT, or with --http its HTTP API URL (env ECW_NODE; default {DefaultNode}, with --http {DefaultHttpNode})",
        Recursive = true,
    };

    public Option<bool> Http { get; } = new("--http")
    {
        Description = "Talk to the node's HTTP API instead of gRPC; --node is then an HTTP URL",
        Recursive = true,
    };

    public Option<string?> Keystore { get; } = new("--keystore")
    {
        Description = "Keystore directory (env ECW_KEYSTORE; default ~/.energychain/keystore)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (the node's answer, or the wallet's own object for key commands)",
        Recursive = true,
    };

    public Option<string?> PasswordFile { get; } = new("--password-file")
    {
        Description = "Read the passphrase from this file (else env ECW_PASSWORD, else a prompt)",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "Name of the key to use (env ECW_KEY; default: the key named 'default' or the only key)",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "API token for a node bound to a non-loopback address (env ECW_TOKEN)",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Node);
        command.Options.Add(Http);
        command.Options.Add(Keystore);
        command.Options.Add(Json);
        command.Options.Add(PasswordFile);
        command.Options.Add(Key);
        command.Options.Add(Token);
    }
}
