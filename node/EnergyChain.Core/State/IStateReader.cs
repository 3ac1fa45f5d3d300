using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.State;

/// <summary>Read access to account state at some point of the chain.</summary>
public interface IStateReader
{
    /// <summary>The account, or <see cref="Account.Empty"/> when it has never been touched.</summary>
    Account GetAccount(Address address);
}
