using System.CommandLine;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary><c>ecw tx status HASH [--wait] [--timeout SECONDS]</c>.</summary>
internal static class TxCommands
{
    public static Command Create(CommandBuilder builder) => new("tx", "Look up transactions") { Status(builder) };

    private static Command Status(CommandBuilder builder)
    {
        var hash = new Argument<string>("HASH") { Description = "Transaction hash (64 hexadecimal characters)" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the transaction is in a block" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait with --wait",
            DefaultValueFactory = _ => SubmitOptions.DefaultTimeoutSeconds,
        };
        var command = new Command("status", "Show whether a transaction is pending, committed or final") { hash, wait, timeout };
        builder.SetAction(command, async context =>
        {
            var id = ValueParsers.TxHash(context.Get(hash)!).ToString();
            var limit = ValueParsers.Seconds(context.Get(timeout), "--timeout");
            var answer = context.Get(wait)
                ? await TxWaiter.WaitAsync(context, id, limit).ConfigureAwait(false)
                : await context.Node.GetTransactionAsync(id, context.Cancellation).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(answer);
                return;
            }

            var fields = new List<(string Label, string Value)>
            {
                ("hash", NodeViews.Text(answer, "hash")),
                ("status", TxSender.StatusText(answer)),
            };
            if (NodeViews.Find(answer, "tx") is { ValueKind: System.Text.Json.JsonValueKind.Object } tx)
            {
                fields.AddRange(TxDescriber.Fields(tx));
            }

            context.Output.WriteFields(fields);
        });
        return command;
    }
}
