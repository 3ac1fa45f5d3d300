using EnergyChain.Consensus.Engine;
using EnergyChain.Contracts.Host;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// What contracts see of consensus, from the engine's own rules: a member's proof score is its election weight
/// (stake under pos) and the elected miner is round 0's draw. Both are read from the chain's head, which during
/// block execution is the parent of the block being built or validated, so every node gets the same answer.
/// For any other height, and under engines without election (pow, single), there is nothing to report.
/// </summary>
public sealed class EngineConsensusView(IConsensusEngine? engine) : IConsensusView
{
    private Blockchain? _chain;

    /// <summary>Set once the chain is open (the chain needs the contract runtime, which needs this view).</summary>
    public void Attach(Blockchain chain) => _chain = chain;

    public long ProofScore(Address member, ulong height)
    {
        if (_chain is not { } chain || engine is not { ProofScores: { } scores } || height != chain.Head.Height + 1)
        {
            return 0;
        }

        foreach (var (key, weight) in scores.WeightsAt(height, chain))
        {
            if (key.Address == member)
            {
                return weight > long.MaxValue ? long.MaxValue : (long)weight;
            }
        }

        return 0;
    }

    public Address? ElectedMiner(ulong height) =>
        _chain is { } chain && engine?.LeaderSelector is { } leaders && height == chain.Head.Height + 1
            ? leaders.ProducerFor(chain.Head.Hash, height, 0, chain).Address
            : null;
}
