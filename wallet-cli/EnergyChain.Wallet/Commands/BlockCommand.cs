using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary><c>ecw block [HEIGHT|HASH]</c>: a block and its transactions (default: the head block).</summary>
internal static class BlockCommand
{
    public static Command Create(CommandBuilder builder)
    {
        var id = new Argument<string?>("HEIGHT|HASH")
        {
            Description = "Block height or hash (default: the current head)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("block", "Show a block and its transactions") { id };
        builder.SetAction(command, async context =>
        {
            var ct = context.Cancellation;
            var blockId = context.Get(id) is { } text
                ? ValueParsers.BlockId(text)
                : NodeViews.UInt(await context.Node.GetStatusAsync(ct).ConfigureAwait(false), "height", "the status")
                    .ToString(CultureInfo.InvariantCulture);
            var block = await context.Node.GetBlockAsync(blockId, ct).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(block);
                return;
            }

            Write(context.Output, block);
        });
        return command;
    }

    private static void Write(WalletOutput output, JsonElement block)
    {
        output.WriteFields(
            ("height", NodeViews.Text(block, "height")),
            ("hash", NodeViews.Text(block, "hash")),
            ("parent", NodeViews.Text(block, "parentHash")),
            ("time", Time(block)),
            ("slot", NodeViews.Text(block, "slot")),
            ("producer", NodeViews.Text(block, "producer")),
            ("tx root", NodeViews.Text(block, "txRoot")),
            ("state root", NodeViews.Text(block, "stateRoot")),
            ("transactions", NodeViews.Text(block, "txCount")));

        if (NodeViews.Find(block, "transactions") is not { ValueKind: JsonValueKind.Array } transactions
            || transactions.GetArrayLength() == 0)
        {
            return;
        }

        var table = new TextTable("HASH", "FROM", "NONCE", "FEE", "TRANSACTION");
        foreach (var tx in transactions.EnumerateArray())
        {
            table.Add(
                NodeViews.Text(tx, "hash"),
                NodeViews.Text(tx, "from"),
                NodeViews.Text(tx, "nonce"),
                NodeViews.Text(tx, "fee"),
                TxDescriber.Summary(tx));
        }

        output.WriteLine(string.Empty);
        output.WriteTable(table);
    }

    private static string Time(JsonElement block)
    {
        if (NodeViews.Find(block, "timestamp") is { ValueKind: JsonValueKind.Number } ts && ts.TryGetInt64(out var ms))
        {
            try
            {
                var utc = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
                return $"{utc.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} UTC ({ms})";
            }
            catch (ArgumentOutOfRangeException)
            {
                return ms.ToString(CultureInfo.InvariantCulture);
            }
        }

        return NodeViews.Text(block, "timestamp");
    }
}
