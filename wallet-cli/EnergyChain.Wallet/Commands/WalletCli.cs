using System.CommandLine;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// The <c>ecw</c> command line. Exit code 0 on success, 1 on failure, 2 on a wrong command line; every failure
/// is exactly one line on stderr starting with <c>error: </c>.
/// </summary>
internal static class WalletCli
{
    public static RootCommand CreateRoot(WalletEnvironment environment)
    {
        var options = new GlobalOptions();
        var builder = new CommandBuilder(options, environment);
        var root = new RootCommand("ecw: the EnergyChain wallet. Keys stay in an encrypted local keystore; the node is reached over gRPC (or its HTTP API with --http).")
        {
            KeyCommands.Create(builder),
            AccountCommands.Address(builder),
            AccountCommands.Balance(builder),
            TransferCommands.Send(builder),
            TransferCommands.Stake(builder),
            TransferCommands.Unstake(builder),
            ReportCommands.Create(builder),
            MarketCommands.Create(builder),
            EvCommands.Create(builder),
            MemberCommands.Create(builder),
            ContractCommands.Create(builder),
            TxCommands.Create(builder),
            BlockCommand.Create(builder),
        };
        options.AddTo(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, WalletEnvironment environment, CancellationToken cancellation = default)
    {
        var parse = CreateRoot(environment).Parse(args);
        if (parse.Errors.Count > 0)
        {
            WriteError(environment.Error, $"{parse.Errors[0].Message} (see '{CommandPath(parse)} --help')");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellation).ConfigureAwait(false);
        }
        catch (WalletException e)
        {
            WriteError(environment.Error, e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            WriteError(environment.Error, "cancelled");
            return ExitCodes.Failure;
        }
#pragma warning disable CA1031 // The CLI's last resort: one line instead of a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            WriteError(environment.Error, $"unexpected {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Writes <c>error: message</c> as exactly one line, whatever the message contains.</summary>
    public static void WriteError(TextWriter error, string message)
    {
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        error.WriteLine($"error: {line}");
        error.Flush();
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "ecw" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
