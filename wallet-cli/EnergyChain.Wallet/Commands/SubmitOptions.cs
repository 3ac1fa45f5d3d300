using System.CommandLine;

namespace EnergyChain.Wallet.Commands;

/// <summary>The options of every command that signs and submits a transaction.</summary>
internal sealed class SubmitOptions
{
    public const double DefaultTimeoutSeconds = 60;

    public Option<string> Fee { get; } = new("--fee")
    {
        Description = "Fee in micro-units, or EC with the suffix (e.g. 0.01EC)",
        DefaultValueFactory = _ => "0",
    };

    public Option<ulong?> Nonce { get; } = new("--nonce")
    {
        Description = "Use this nonce instead of the next free one (replaces a pending transaction if the fee is higher)",
    };

    public Option<bool> Wait { get; } = new("--wait") { Description = "Wait until the transaction is in a block" };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait with --wait",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    public Command AddTo(Command command)
    {
        command.Options.Add(Fee);
        command.Options.Add(Nonce);
        command.Options.Add(Wait);
        command.Options.Add(Timeout);
        return command;
    }
}
