using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// Proof of State of Charge (thesis chapter 4): EVs report hourly and learn a charging policy locally; the mLAG of
/// each federated round is drawn by 24-hour proof score (<see cref="MlagSelector"/>), proposes the round's blocks
/// and aggregates the EVs' model updates into the next global model in the block that opens the next round
/// (<see cref="PosocRules"/>), collecting beta x profit from the EVs. A refusing mLAG is slashed and replaced
/// (eq. 3.24); blocks are finalized by the same BFT votes as pos.
/// </summary>
public sealed class PosocEngine : ElectedEngine
{
    public PosocEngine(GenesisDocument genesis)
        : base(genesis, new MlagSelector())
    {
        Parameters = PosocParameters.FromGenesis(genesis);
        Leaders = (MlagSelector)LeaderSelector;
        Learning = new PosocRules(Parameters);
    }

    public override string Name => EngineNames.Posoc;

    public PosocParameters Parameters { get; }

    public override ulong ProposeTimeoutMs => Parameters.ProposeTimeoutMs;

    public MlagSelector Leaders { get; }

    public PosocRules Learning { get; }

    public override IProofScoreSource ProofScores => Leaders;

    public override IEngineRules Rules => Learning;
}
