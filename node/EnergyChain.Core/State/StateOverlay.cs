using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.State;

/// <summary>Pending writes over a read-only base; nothing reaches the base until the changes are committed.</summary>
public sealed class StateOverlay : IStateReader
{
    private readonly IStateReader _base;
    private readonly Dictionary<Address, Account> _writes = new();

    public StateOverlay(IStateReader @base)
    {
        _base = @base;
    }

    public Account GetAccount(Address address) =>
        _writes.TryGetValue(address, out var account) ? account : _base.GetAccount(address);

    public void SetAccount(Address address, Account account) => _writes[address] = account;

    /// <summary>Copies this overlay's pending writes into <paramref name="target"/> (a nested overlay committing to its parent).</summary>
    public void CopyTo(StateOverlay target)
    {
        foreach (var (address, account) in _writes)
        {
            target._writes[address] = account;
        }
    }

    /// <summary>Number of pending writes.</summary>
    public int WriteCount => _writes.Count;

    public StateChanges ToChanges() => StateChanges.FromUnsorted(_writes);
}
