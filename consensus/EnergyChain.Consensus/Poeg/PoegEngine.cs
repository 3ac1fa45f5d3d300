using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// Proof of Energy Generation (thesis chapter 3): households forecast their production and consumption for the
/// next market slot; the first block of each slot settles it by coalition formation (<see cref="PoegRules"/>), and
/// the slot's blocks are sealed by the highest-scoring member of a coalition drawn by its proof score
/// (<see cref="CoalitionLeaderSelector"/>). A sealer that misses its round is slashed and its coalition removed from
/// the draw (eq. 3.24); the winning coalition is paid M_r in Shapley shares. Blocks are finalized by the same BFT
/// votes as pos, weighted by locked stake.
/// </summary>
public sealed class PoegEngine : ElectedEngine
{
    public PoegEngine(GenesisDocument genesis)
        : this(genesis, PoegParameters.FromGenesis(genesis))
    {
    }

    private PoegEngine(GenesisDocument genesis, PoegParameters parameters)
        : base(genesis, new CoalitionLeaderSelector(parameters))
    {
        Parameters = parameters;

        // Members join at run time, up to membership.maxMembers: the bound a market slot must settle is that one.
        var most = Math.Max(genesis.Members.Count, genesis.Parameters.Membership.MaxMembers);
        if (most > parameters.MaxHouseholds)
        {
            throw new EngineParameterException("maxHouseholds", $"the chain admits up to {most} members (genesis members and membership.maxMembers), more than the {parameters.MaxHouseholds} households one market slot settles");
        }

        Leaders = (CoalitionLeaderSelector)LeaderSelector;
        Market = new PoegRules(parameters, Leaders);
    }

    public override string Name => EngineNames.Poeg;

    public PoegParameters Parameters { get; }

    public override ulong ProposeTimeoutMs => Parameters.ProposeTimeoutMs;

    public CoalitionLeaderSelector Leaders { get; }

    public PoegRules Market { get; }

    /// <summary>Election weights are proof scores: each member's PS_Si from the last settled slot.</summary>
    public override IProofScoreSource ProofScores => Leaders;

    public override IEngineRules Rules => Market;
}
