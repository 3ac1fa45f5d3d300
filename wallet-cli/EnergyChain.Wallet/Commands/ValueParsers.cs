using System.Globalization;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>Checks for command-line values other than amounts; failures are usage errors (exit code 2).</summary>
internal static class ValueParsers
{
    public static Address Address(string text)
    {
        if (!Core.Crypto.Address.TryParse(text, out var address, out var error))
        {
            throw WalletException.Usage($"invalid address '{text}': {error}");
        }

        return address;
    }

    public static Hash256 TxHash(string text) =>
        Hash256.TryParse(text, out var hash)
            ? hash
            : throw WalletException.Usage($"invalid transaction hash '{text}': a hash is 64 hexadecimal characters");

    /// <summary>
    /// A state of charge in parts per million (<c>800000</c>) or percent (<c>80%</c>, up to four decimals),
    /// at most 1,000,000 ppm.
    /// </summary>
    public static uint Ppm(string text, string option)
    {
        var value = text.Trim();
        uint ppm;
        if (value.EndsWith('%'))
        {
            if (!decimal.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
                || percent * 10_000m != decimal.Truncate(percent * 10_000m)
                || percent > 100m)
            {
                throw WalletException.Usage($"{option}: '{text}' is not a percentage between 0% and 100% with at most four decimals");
            }

            ppm = (uint)(percent * 10_000m);
        }
        else if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ppm))
        {
            throw WalletException.Usage($"{option}: '{text}' is not parts per million (0 to 1000000) or a percentage like 80%");
        }

        if (ppm > EvReportPayload.FullPpm)
        {
            throw WalletException.Usage($"{option}: {ppm} ppm is above 1000000 (100%)");
        }

        return ppm;
    }

    /// <summary>
    /// A market price: micro-units per Wh as a whole number (<c>250</c>) or EC per kWh with the unit
    /// (<c>0.25/kWh</c>, <c>0.25EC/kWh</c>). 1 EC/kWh is 1,000 micro/Wh, so EC per kWh takes at most three
    /// decimals: the chain stores whole micro-units per Wh and a price is never rounded silently.
    /// </summary>
    public static ulong Price(string text, string option)
    {
        const string PerKwh = "/kWh";
        var value = text.Trim();
        if (value.StartsWith('-'))
        {
            throw WalletException.Usage($"{option}: a price cannot be negative (got '{text}')");
        }

        if (!value.EndsWith(PerKwh, StringComparison.OrdinalIgnoreCase))
        {
            if (value.Length > 0 && value.All(char.IsAsciiDigit))
            {
                return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var micro)
                    ? micro
                    : throw WalletException.Usage($"{option}: price '{text}' is too large");
            }

            throw WalletException.Usage(value.Contains('.', StringComparison.Ordinal)
                ? $"{option}: '{text}': a decimal price needs the unit, e.g. 0.25/kWh (EC per kWh); plain integers are micro-units per Wh"
                : $"{option}: '{text}' is not a price: micro-units per Wh (250) or EC per kWh (0.25/kWh)");
        }

        var number = value[..^PerKwh.Length].TrimEnd();
        if (number.EndsWith("EC", StringComparison.OrdinalIgnoreCase))
        {
            number = number[..^2].TrimEnd();
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ecPerKwh))
        {
            throw WalletException.Usage($"{option}: '{text}' is not a price in EC per kWh (e.g. 0.25/kWh)");
        }

        var microPerWh = ecPerKwh * Units.MicroPerEc / Units.WhPerKwh;
        if (microPerWh != decimal.Truncate(microPerWh))
        {
            throw WalletException.Usage(
                $"{option}: '{text}' has more than three decimals; prices are whole micro-units per Wh (0.001 EC/kWh)");
        }

        return microPerWh <= ulong.MaxValue
            ? (ulong)microPerWh
            : throw WalletException.Usage($"{option}: price '{text}' is too large");
    }

    /// <summary>A block id: a height (digits) or a block hash, returned in the form the API takes.</summary>
    public static string BlockId(string text)
    {
        var value = text.Trim();
        if (value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                ? height.ToString(CultureInfo.InvariantCulture)
                : throw WalletException.Usage($"block height '{text}' is too large");
        }

        return Hash256.TryParse(value, out var hash)
            ? hash.ToString()
            : throw WalletException.Usage($"'{text}' is neither a block height nor a block hash (64 hexadecimal characters)");
    }

    /// <summary>A timeout in seconds (> 0).</summary>
    public static TimeSpan Seconds(double seconds, string option) =>
        seconds is > 0 and <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw WalletException.Usage($"{option} must be between 0 and 86400 seconds");
}
