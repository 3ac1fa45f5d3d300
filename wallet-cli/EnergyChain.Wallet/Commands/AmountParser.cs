using System.Globalization;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// Amounts on the command line: an integer is micro-units (<c>1500000</c>); a number with the <c>EC</c> suffix
/// is whole coins with at most six decimals (<c>1.5EC</c>, <c>2 EC</c>), converted exactly.
/// </summary>
internal static class AmountParser
{
    private const int MaxDecimals = 6;

    public static bool TryParse(string? text, out ulong micro, out string error)
    {
        micro = 0;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            error = "an amount is required";
            return false;
        }

        if (!value.EndsWith("ec", StringComparison.OrdinalIgnoreCase))
        {
            if (value.All(char.IsAsciiDigit))
            {
                if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out micro))
                {
                    error = string.Empty;
                    return true;
                }

                error = $"amount '{value}' is too large";
                return false;
            }

            error = value.Contains('.', StringComparison.Ordinal)
                ? $"amount '{value}': a decimal amount needs the EC suffix (e.g. 1.5EC); plain integers are micro-units"
                : $"amount '{value}' is not a number of micro-units or of EC (e.g. 1500000 or 1.5EC)";
            return false;
        }

        var number = value[..^2].TrimEnd();
        var dot = number.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? number : number[..dot];
        var fraction = dot < 0 ? string.Empty : number[(dot + 1)..];
        if (whole.Length + fraction.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit)
            || (dot >= 0 && fraction.Length == 0))
        {
            error = $"amount '{value}' is not a number of EC (e.g. 1.5EC)";
            return false;
        }

        if (fraction.Length > MaxDecimals)
        {
            error = $"amount '{value}' has more than {MaxDecimals} decimals (1 EC = 1,000,000 micro-units)";
            return false;
        }

        if (!ulong.TryParse(whole.Length == 0 ? "0" : whole, NumberStyles.None, CultureInfo.InvariantCulture, out var coins)
            || coins > (ulong.MaxValue / Units.MicroPerEc))
        {
            error = $"amount '{value}' is too large";
            return false;
        }

        var micros = ulong.Parse(fraction.PadRight(MaxDecimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        var total = (coins * Units.MicroPerEc) + micros;
        if (total < micros)
        {
            error = $"amount '{value}' is too large";
            return false;
        }

        micro = total;
        error = string.Empty;
        return true;
    }

    /// <summary>Parses or throws a usage error naming the option.</summary>
    public static ulong Parse(string? text, string option)
    {
        if (!TryParse(text, out var micro, out var error))
        {
            throw WalletException.Usage($"{option}: {error}");
        }

        return micro;
    }
}
