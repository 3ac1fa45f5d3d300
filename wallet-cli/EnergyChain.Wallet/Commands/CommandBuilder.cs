using System.CommandLine;

namespace EnergyChain.Wallet.Commands;

/// <summary>Wires command actions to a <see cref="WalletContext"/>; failures propagate as exceptions to <see cref="WalletCli"/>.</summary>
internal sealed class CommandBuilder(GlobalOptions options, WalletEnvironment environment)
{
    public void SetAction(Command command, Func<WalletContext, Task> action) =>
        command.SetAction(async (parse, cancellation) =>
        {
            using var context = new WalletContext(parse, options, environment, cancellation);
            await action(context).ConfigureAwait(false);
            return ExitCodes.Ok;
        });

    public void SetAction(Command command, Action<WalletContext> action) =>
        SetAction(command, context =>
        {
            action(context);
            return Task.CompletedTask;
        });
}
