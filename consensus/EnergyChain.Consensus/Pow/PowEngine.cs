using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// Proof of work, the baseline the thesis compares its engines against: anyone may produce the next block by
/// finding a nonce (<see cref="PowSealer"/>), seals are checked against a retargeted difficulty
/// (<see cref="PowSealValidator"/>, <see cref="PowDifficulty"/>), and the branch with the most cumulative work
/// wins (<see cref="HeaviestWorkForkChoice"/>, summed with <see cref="PowWork"/>). Parameters come from
/// <c>genesis.consensus.params</c> (<see cref="PowParameters"/>).
/// </summary>
public sealed class PowEngine : IConsensusEngine
{
    /// <param name="parameters">The chain's PoW parameters.</param>
    /// <param name="minerThreads">Threads each sealer mines with; 0 means one per logical processor.</param>
    public PowEngine(PowParameters parameters, int minerThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(minerThreads);
        Parameters = parameters;
        MinerThreads = minerThreads;
        Difficulty = new PowDifficulty(parameters);
        SealValidator = new PowSealValidator(parameters);
        RewardPolicy = new FixedBlockReward(parameters.BlockReward);
    }

    public string Name => EngineNames.Pow;

    public PowParameters Parameters { get; }

    public int MinerThreads { get; }

    public PowDifficulty Difficulty { get; }

    /// <summary>No leader: production is an open competition, whoever finds a valid nonce first.</summary>
    public ILeaderSelector? LeaderSelector => null;

    /// <summary>None: under PoW nobody is elected, so there are no election weights.</summary>
    public IProofScoreSource? ProofScores => null;

    public ISealValidator SealValidator { get; }

    public IForkChoice ForkChoice => HeaviestWorkForkChoice.Instance;

    /// <summary>
    /// No slashing: miners lock no stake, so there is nothing to burn. Misbehaviour costs the work spent on a
    /// block that the network rejects or orphans, and a miner that stops mining simply earns nothing.
    /// </summary>
    public ISlashingPolicy SlashingPolicy => NoSlashing.Instance;

    /// <summary>Genesis <c>blockReward</c> micro-units per block to the miner, on top of the fees.</summary>
    public IRewardPolicy RewardPolicy { get; }

    /// <summary>What the core applies in every block: no penalties, the fixed block reward.</summary>
    public IBlockIncentives Incentives => new EngineIncentives(SlashingPolicy, RewardPolicy);

    /// <summary>PoW has no engine transactions or block-level work: reports are only recorded.</summary>
    public IEngineRules? Rules => null;

    public ISealer CreateSealer(PrivateKey producer) => CreatePowSealer(producer);

    /// <summary>The nonce search as <paramref name="producer"/>, with its hash counters.</summary>
    public PowSealer CreatePowSealer(PrivateKey producer) => new(Parameters, producer, MinerThreads);

    /// <summary>
    /// An evidence pool for interface symmetry: PoW has no penalties, so nothing consumes it, but a node may still
    /// record offences it observes (e.g. invalid blocks) for peer scoring.
    /// </summary>
    public IEvidencePool CreateEvidencePool() => new InMemoryEvidencePool();
}
