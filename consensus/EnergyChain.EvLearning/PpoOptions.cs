namespace EnergyChain.EvLearning;

/// <summary>Hyper-parameters of <see cref="PpoLearner"/>.</summary>
public sealed record PpoOptions
{
    public IReadOnlyList<int> Hidden { get; init; } = [32, 32];

    public float LearningRate { get; init; } = 3e-3f;

    public float ClipEpsilon { get; init; } = 0.2f;

    public int Epochs { get; init; } = 4;

    public int MinibatchSize { get; init; } = 64;

    /// <summary>Episodes collected before each PPO update.</summary>
    public int EpisodesPerUpdate { get; init; } = 4;

    public double Gamma { get; init; } = 1.0;

    public double GaeLambda { get; init; } = 0.95;

    public float EntropyCoefficient { get; init; } = 0.01f;

    public float ValueCoefficient { get; init; } = 0.5f;

    public float MaxGradientNorm { get; init; } = 0.5f;

    /// <summary>Rewards are multiplied by this before learning (keeps value targets near unit scale).</summary>
    public double RewardScale { get; init; } = 0.1;

    /// <summary>True: state and reward use the price factor delta (the proposed model). False: baseline 2.</summary>
    public bool UsePriceFactor { get; init; } = true;

    public static PpoOptions Default { get; } = new();
}
