using System.CommandLine;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary><c>ecw tx status HASH [--wait] [--timeout SECONDS]</c> and <c>ecw tx submit HEX|--file PATH</c>.</summary>
internal static class TxCommands
{
    public static Command Create(CommandBuilder builder) => new("tx", "Look up and submit transactions") { Status(builder), Submit(builder) };

    /// <summary>Submits a transaction someone else signed (e.g. a join request made with 'ecw member request --print').</summary>
    private static Command Submit(CommandBuilder builder)
    {
        var hex = new Argument<string?>("HEX") { Description = "The signed transaction in hex (as 'ecw member request --print' prints it)", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string>("--file") { Description = "Read the hex from this file instead" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the transaction is in a block" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait with --wait",
            DefaultValueFactory = _ => SubmitOptions.DefaultTimeoutSeconds,
        };
        var command = new Command("submit", "Submit a signed transaction given in hex (no key needed)") { hex, file, wait, timeout };
        builder.SetAction(command, async context =>
        {
            var text = (context.Get(hex), context.Get(file)) switch
            {
                ({ } inline, null) => inline,
                (null, { } path) => ReadFile(path),
                (null, null) => throw WalletException.Usage("give the transaction hex or --file"),
                _ => throw WalletException.Usage("give the transaction hex or --file, not both"),
            };
            var digits = text.Trim();
            digits = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? digits[2..] : digits;
            Core.Transactions.Transaction tx;
            try
            {
                tx = Core.Transactions.Transaction.Decode(Convert.FromHexString(digits));
            }
            catch (Exception e) when (e is FormatException or Core.Codec.DecodeException)
            {
                throw WalletException.Usage($"not a signed transaction in hex: {e.Message}");
            }

            var answer = await context.Node.SubmitTransactionAsync(tx.Encoded.ToArray(), context.Cancellation).ConfigureAwait(false);
            var hash = NodeViews.OptionalString(answer, "hash") ?? tx.Hash.ToString();
            var limit = ValueParsers.Seconds(context.Get(timeout), "--timeout");
            var result = context.Get(wait) ? await TxWaiter.WaitAsync(context, hash, limit).ConfigureAwait(false) : answer;
            if (context.Output.Json)
            {
                context.Output.WriteJson(result);
                return;
            }

            context.Output.WriteFields(
                ("hash", hash),
                ("status", context.Get(wait) ? TxSender.StatusText(result) : NodeViews.Text(answer, "status")),
                ("type", Output.TxDescriber.Summary(tx.Payload)),
                ("from", tx.SenderAddress.ToString()));
        });
        return command;
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WalletException($"cannot read {path}: {e.Message}");
        }
    }

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
