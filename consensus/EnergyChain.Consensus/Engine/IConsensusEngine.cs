using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// A consensus engine: the set of parts that decide who may produce a block, how a block is sealed and
/// checked, which branch wins, and what the block's economics are (DESIGN.md section 4). One engine is active
/// per chain, chosen by <c>genesis.consensus.engine</c> through <see cref="EngineRegistry"/>; its parameters come
/// from <c>genesis.consensus.params</c>. The engine wires the parts; the node only talks to these interfaces.
/// <para>
/// Every part that a validator must reproduce is a deterministic function of chain data (headers, parent
/// state, genesis parameters): no clock, no <c>Random</c>, no floating point, no unordered iteration.
/// </para>
/// </summary>
public interface IConsensusEngine
{
    /// <summary>The engine name as written in genesis (<see cref="EngineNames"/>), lower case.</summary>
    string Name { get; }

    /// <summary>
    /// Who may produce the block at a height and round; <c>null</c> when production is an open competition
    /// (PoW: whoever finds a valid nonce first).
    /// </summary>
    ILeaderSelector? LeaderSelector { get; }

    /// <summary>The election weights (stake, proof scores); <c>null</c> for engines that elect nobody.</summary>
    IProofScoreSource? ProofScores { get; }

    /// <summary>Checks a received header's seal against its parent.</summary>
    ISealValidator SealValidator { get; }

    /// <summary>Which of two known branches is the canonical one.</summary>
    IForkChoice ForkChoice { get; }

    /// <summary>The penalties a block applies (fed to the core's <c>IBlockIncentives</c>).</summary>
    ISlashingPolicy SlashingPolicy { get; }

    /// <summary>The block reward a block mints (fed to the core's <c>IBlockIncentives</c>).</summary>
    IRewardPolicy RewardPolicy { get; }

    /// <summary>What the core applies in every block: the engine's penalties and reward.</summary>
    IBlockIncentives Incentives { get; }

    /// <summary>The engine's own transactions and block-level work, or null when it has none.</summary>
    IEngineRules? Rules { get; }

    /// <summary>A sealer that produces blocks as <paramref name="producer"/> (the local member's key).</summary>
    ISealer CreateSealer(PrivateKey producer);

    /// <summary>A fresh, empty pool for the offences this node observes.</summary>
    IEvidencePool CreateEvidencePool();
}
