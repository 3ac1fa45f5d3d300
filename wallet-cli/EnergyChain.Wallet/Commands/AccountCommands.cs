using System.CommandLine;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary><c>ecw address</c> and <c>ecw balance [ADDR]</c>.</summary>
internal static class AccountCommands
{
    public static Command Address(CommandBuilder builder)
    {
        var command = new Command("address", "Print the address of the selected key (no passphrase needed)");
        builder.SetAction(command, context =>
        {
            var entry = context.Keystore.Select(context.KeyName);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { name = entry.Name, address = entry.Address, publicKey = entry.PublicKey });
            }
            else
            {
                context.Output.WriteLine(entry.Address);
            }
        });
        return command;
    }

    public static Command Balance(CommandBuilder builder)
    {
        var address = new Argument<string?>("ADDR")
        {
            Description = "Account to show (default: the selected key's address)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("balance", "Show an account's balance, stake, nonce and pending transactions") { address };
        builder.SetAction(command, async context =>
        {
            var text = context.Get(address) ?? context.Keystore.Select(context.KeyName).Address;
            var account = await context.Node.GetAccountAsync(ValueParsers.Address(text).ToString(), context.Cancellation).ConfigureAwait(false);
            var output = context.Output;
            if (output.Json)
            {
                output.WriteJson(account);
                return;
            }

            output.WriteFields(
                ("address", NodeViews.Text(account, "address")),
                ("balance", Amount(account, "balance")),
                ("stake", Amount(account, "stake")),
                ("slashed", Amount(account, "slashedTotal")),
                ("nonce", NodeViews.Text(account, "nonce")),
                ("pending", NodeViews.Text(account, "pendingCount")));
        });
        return command;
    }

    private static string Amount(System.Text.Json.JsonElement account, string name) =>
        NodeViews.OptionalUInt(account, name) is { } value ? Units.EcWithMicro(value) : "-";
}
