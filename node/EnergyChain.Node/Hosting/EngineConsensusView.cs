using EnergyChain.Consensus.Engine;
using EnergyChain.Contracts.Host;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// What contracts see of consensus, from the engine's own rules: a member's proof score is its election weight
/// (stake under pos) and the elected miner is round 0's draw. Both are read from the state the block extends
/// (<see cref="ContractContext.Parent"/>), so every node gets the same answer and the view needs no chain of its
/// own. Outside a block (no parent), and under engines without election (pow, single), there is nothing to report.
/// </summary>
public sealed class EngineConsensusView(IConsensusEngine engine) : IConsensusView
{
    public long ProofScore(Address member, ContractContext context)
    {
        if (context.Parent is not { } parent || engine.ProofScores is not { } scores || context.Height != parent.Head.Height + 1)
        {
            return 0;
        }

        foreach (var (key, weight) in scores.WeightsAt(context.Height, parent))
        {
            if (key.Address == member)
            {
                return weight > long.MaxValue ? long.MaxValue : (long)weight;
            }
        }

        return 0;
    }

    public Address? ElectedMiner(ContractContext context) =>
        context.Parent is { } parent && engine.LeaderSelector is { } leaders && context.Height == parent.Head.Height + 1
            ? leaders.ProducerFor(parent.Head.Hash, context.Height, 0, parent).Address
            : null;
}
