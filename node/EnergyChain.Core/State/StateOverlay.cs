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

    public StateChanges ToChanges() => StateChanges.FromUnsorted(_writes);
}
