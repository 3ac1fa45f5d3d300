using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// A leader selector that can list the elected producers of every round up to one (what the missed-slot slashing
/// of eq. 3.24 needs: the producers of the rounds before the block's own round missed their slots).
/// </summary>
public interface IRoundLeaderSelector : ILeaderSelector
{
    /// <summary>The elected producers of rounds 0..<paramref name="round"/> of <paramref name="height"/>, in round order.</summary>
    IReadOnlyList<PublicKey> ProducersUpTo(Hash256 parentHash, ulong height, ulong round, IChainState parentState);
}
