using System.CommandLine;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Wallet.Commands;

/// <summary><c>ecw send</c>, <c>ecw stake</c> and <c>ecw unstake</c>.</summary>
internal static class TransferCommands
{
    public static Command Send(CommandBuilder builder)
    {
        var to = new Option<string>("--to") { Description = "Recipient address (ec...)", Required = true };
        var amount = AmountOption("Amount to send");
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("send", "Transfer coins to another address") { to, amount });
        builder.SetAction(command, context =>
        {
            var recipient = ValueParsers.Address(context.Get(to)!);
            return TxSender.SubmitAsync(context, submit, new TransferPayload(recipient, PositiveAmount(context, amount)));
        });
        return command;
    }

    public static Command Stake(CommandBuilder builder)
    {
        var amount = AmountOption("Amount of the balance to lock as stake");
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("stake", "Lock part of the balance as stake") { amount });
        builder.SetAction(command, context =>
            TxSender.SubmitAsync(context, submit, new StakePayload(PositiveAmount(context, amount))));
        return command;
    }

    public static Command Unstake(CommandBuilder builder)
    {
        var amount = AmountOption("Amount of stake to release back to the balance");
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("unstake", "Release stake back to the balance") { amount });
        builder.SetAction(command, context =>
            TxSender.SubmitAsync(context, submit, new UnstakePayload(PositiveAmount(context, amount))));
        return command;
    }

    private static Option<string> AmountOption(string description) => new("--amount")
    {
        Description = $"{description}: micro-units (1500000) or EC (1.5EC)",
        Required = true,
    };

    private static ulong PositiveAmount(WalletContext context, Option<string> option)
    {
        var amount = AmountParser.Parse(context.Get(option), "--amount");
        return amount > 0 ? amount : throw WalletException.Usage("--amount must be greater than zero");
    }
}
