namespace EnergyChain.Core.Transactions;

/// <summary>The chain id names a network; it is inside every signed transaction so none replays elsewhere.</summary>
public static class ChainId
{
    public const int MaxLength = 64;

    public static bool IsValid(string? chainId, out string error)
    {
        if (string.IsNullOrEmpty(chainId) || chainId.Length > MaxLength)
        {
            error = $"chain id must be 1 to {MaxLength} characters";
            return false;
        }

        foreach (var c in chainId)
        {
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c is '-' or '_' or '.'))
            {
                error = $"chain id '{chainId}' may only use a-z, 0-9, '-', '_' and '.'";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }
}
