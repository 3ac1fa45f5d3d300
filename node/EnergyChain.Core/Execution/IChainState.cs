using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Execution;

/// <summary>What <see cref="BlockExecutor"/> needs to know about the chain a block extends.</summary>
public interface IChainState : IStateReader
{
    ChainHead Head { get; }

    /// <summary>The state root after applying <paramref name="changes"/> to this state.</summary>
    Hash256 ComputeRootWith(StateChanges changes);
}
