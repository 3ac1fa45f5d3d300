using System.CommandLine;
using System.Globalization;
using System.Text;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Vm.Assembly;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// <c>ecw contract deploy FILE.ecasm|FILE.bin [--args ...] [--gas N]</c> and
/// <c>ecw contract call ADDRESS FUNCTION [--args ...] [--value AMOUNT] [--gas N]</c>.
/// Arguments: an integer (<c>42</c>, <c>-7</c>), bytes as <c>0x..</c> hex, an address (<c>ec..</c>, passed as its
/// 20 bytes), or text as <c>s:text</c> (UTF-8 bytes). FUNCTION is the function index (<c>3</c> or <c>f3</c>).
/// </summary>
internal static class ContractCommands
{
    public const ulong DefaultGas = 1_000_000;

    public static Command Create(CommandBuilder builder) => new("contract", "Deploy and call contracts")
    {
        Deploy(builder),
        Call(builder),
    };

    private static Command Deploy(CommandBuilder builder)
    {
        var file = new Argument<string>("FILE") { Description = "Contract source (.ecasm, assembled here) or bytecode (.bin)" };
        var args = ArgsOption("Constructor arguments (function 0 runs with them when given)");
        var gas = GasOption();
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("deploy", "Deploy a contract; its address is derived from the sender and nonce") { file, args, gas });
        builder.SetAction(command, context =>
        {
            var code = LoadCode(context.Get(file)!);
            var payload = new ContractDeployPayload(code, ParseArgs(context.Get(args)), context.Get(gas));
            return TxSender.SubmitAsync(context, submit, payload);
        });
        return command;
    }

    private static Command Call(CommandBuilder builder)
    {
        var address = new Argument<string>("ADDRESS") { Description = "Contract address (ec...)" };
        var function = new Argument<string>("FUNCTION") { Description = "Function index (3 or f3)" };
        var args = ArgsOption("Function arguments");
        var gas = GasOption();
        var value = new Option<string>("--value")
        {
            Description = "Amount moved to the contract with the call (escrow, deposit): micro-units or EC",
            DefaultValueFactory = _ => "0",
        };
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("call", "Call a contract function") { address, function, args, value, gas });
        builder.SetAction(command, context =>
        {
            var payload = new ContractCallPayload(
                ValueParsers.Address(context.Get(address)!),
                ParseFunction(context.Get(function)!),
                ParseArgs(context.Get(args)),
                AmountParser.Parse(context.Get(value), "--value"),
                context.Get(gas));
            return TxSender.SubmitAsync(context, submit, payload);
        });
        return command;
    }

    private static Option<string[]> ArgsOption(string description) => new("--args")
    {
        Description = $"{description}: integers, 0x.. bytes, ec.. addresses, s:text",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static Option<ulong> GasOption() => new("--gas")
    {
        Description = "Gas limit; gas x price is reserved from the balance, unused gas is not charged",
        DefaultValueFactory = _ => DefaultGas,
    };

    public static byte[] LoadCode(string path)
    {
        if (!File.Exists(path))
        {
            throw WalletException.Usage($"no such file: {path}");
        }

        if (path.EndsWith(".ecasm", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Assembler.AssembleBytes(File.ReadAllText(path));
            }
            catch (AssemblyException e)
            {
                throw WalletException.Usage($"{path}: {e.Message}");
            }
        }

        return File.ReadAllBytes(path);
    }

    public static ushort ParseFunction(string text)
    {
        var digits = text.StartsWith('f') ? text[1..] : text;
        return ushort.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw WalletException.Usage($"FUNCTION must be a function index like 3 or f3, not '{text}'");
    }

    public static ContractArg[] ParseArgs(string[]? tokens)
    {
        if (tokens is null)
        {
            return [];
        }

        if (tokens.Length > ContractArg.MaxCount)
        {
            throw WalletException.Usage($"at most {ContractArg.MaxCount} arguments");
        }

        return [.. tokens.Select(ParseArg)];
    }

    public static ContractArg ParseArg(string token)
    {
        if (token.StartsWith("s:", StringComparison.Ordinal))
        {
            return ContractArg.Of(Encoding.UTF8.GetBytes(token[2..]));
        }

        if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return ContractArg.Of(Convert.FromHexString(token[2..]));
            }
            catch (FormatException)
            {
                throw WalletException.Usage($"argument '{token}' is not valid hexadecimal");
            }
        }

        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return ContractArg.Int(integer);
        }

        if (Address.TryParse(token, out var address, out _))
        {
            var bytes = new byte[Address.Size];
            address.CopyTo(bytes);
            return ContractArg.Of(bytes);
        }

        throw WalletException.Usage($"argument '{token}' is not an integer, 0x.. bytes, an ec.. address or s:text");
    }
}
