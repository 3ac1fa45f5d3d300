using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.State;

/// <summary>The accounts a block changed, sorted by address: what the store writes and the root hashes.</summary>
public sealed class StateChanges
{
    public StateChanges(IReadOnlyList<KeyValuePair<Address, Account>> accounts)
    {
        for (var i = 1; i < accounts.Count; i++)
        {
            if (accounts[i - 1].Key.CompareTo(accounts[i].Key) >= 0)
            {
                throw new ArgumentException("state changes must be sorted by address without duplicates", nameof(accounts));
            }
        }

        Accounts = accounts;
    }

    public static StateChanges Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<Address, Account>> Accounts { get; }

    public static StateChanges FromUnsorted(IEnumerable<KeyValuePair<Address, Account>> accounts)
    {
        var list = accounts.ToList();
        list.Sort((a, b) => a.Key.CompareTo(b.Key));
        return new StateChanges(list);
    }
}
