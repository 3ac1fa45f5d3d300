using System.CommandLine;

namespace EnergyChain.Wallet.Commands;

/// <summary>Options every command accepts, before or after the command name.</summary>
internal sealed class GlobalOptions
{
    public const string DefaultNode = "http://127.0.0.1:8645";

    public Option<string?> Node { get; } = new("--node")
    {
        Description = $"Node API URL (env ECW_NODE; default {DefaultNode})",
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
        command.Options.Add(Keystore);
        command.Options.Add(Json);
        command.Options.Add(PasswordFile);
        command.Options.Add(Key);
        command.Options.Add(Token);
    }
}
