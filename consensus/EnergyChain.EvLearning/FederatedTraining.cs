namespace EnergyChain.EvLearning;

/// <summary>
/// Float federated-learning simulation for experiments (Algorithm 4, eq. 4.19): every round each of the N EVs
/// loads the global model, trains locally with PPO on its own seeded episodes, and the new global model is the
/// FedAvg of the local models weighted by local sample counts. With N = 1 this is baseline 1 (one EV learning
/// alone on its own data); with <see cref="PpoOptions.UsePriceFactor"/> = false it is baseline 2. The
/// consensus-side (fixed-point, integer) aggregation is a separate component; this class is for experiments only.
/// </summary>
public sealed class FederatedTraining
{
    private readonly PpoLearner[] _learners;
    private readonly ulong _seed;
    private float[] _global;

    public FederatedTraining(EvConfig environment, PpoOptions options, int evCount, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(evCount);
        _seed = seed;
        _learners = new PpoLearner[evCount];
        for (var i = 0; i < evCount; i++)
        {
            // Same initial weights everywhere: they are overwritten by the global model before each round.
            _learners[i] = new PpoLearner(environment, options, Xoshiro256StarStar.DeriveSeed(seed, 0xC0FFEE));
        }

        _global = _learners[0].GetParameters();
    }

    public IReadOnlyList<PpoLearner> Learners => _learners;

    public int EvCount => _learners.Length;

    public int Round { get; private set; }

    public ModelShape Shape => _learners[0].Shape;

    /// <summary>Copy of the current global model w^G.</summary>
    public float[] GlobalParameters => (float[])_global.Clone();

    /// <summary>Seed of EV <paramref name="ev"/>'s local training data in round <paramref name="round"/>.</summary>
    public ulong LocalSeed(int ev, int round) => Xoshiro256StarStar.DeriveSeed(Xoshiro256StarStar.DeriveSeed(_seed, 100UL + (ulong)ev), (ulong)round);

    /// <summary>One round: local PPO on <paramref name="localEpisodes"/> episodes per EV, then weighted FedAvg.</summary>
    public FederatedRound RunRound(int localEpisodes)
    {
        Round++;
        var updates = new float[_learners.Length][];
        var samples = new long[_learners.Length];
        var returns = new double[_learners.Length];
        for (var i = 0; i < _learners.Length; i++)
        {
            _learners[i].SetParameters(_global);
            var stats = _learners[i].Train(localEpisodes, LocalSeed(i, Round));
            updates[i] = _learners[i].GetParameters();
            samples[i] = stats.Samples;
            returns[i] = stats.MeanReturn;
        }

        _global = FederatedAverage(updates, samples);
        foreach (var l in _learners)
        {
            l.SetParameters(_global);
        }

        return new FederatedRound(Round, samples, returns, updates);
    }

    /// <summary>FedAvg (eq. 4.19 with sample-count weights): sum_k n_k w_k / sum_k n_k, accumulated in double in a fixed order.</summary>
    public static float[] FederatedAverage(IReadOnlyList<float[]> models, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(weights);
        if (models.Count == 0 || models.Count != weights.Count)
        {
            throw new ArgumentException("need one weight per model and at least one model");
        }

        var length = models[0].Length;
        var acc = new double[length];
        double total = 0;
        for (var k = 0; k < models.Count; k++)
        {
            if (models[k].Length != length)
            {
                throw new ArgumentException("models differ in shape");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(weights[k]);
            total += weights[k];
            for (var j = 0; j < length; j++)
            {
                acc[j] += weights[k] * (double)models[k][j];
            }
        }

        if (total <= 0)
        {
            throw new ArgumentException("total weight must be positive");
        }

        var result = new float[length];
        for (var j = 0; j < length; j++)
        {
            result[j] = (float)(acc[j] / total);
        }

        return result;
    }

    /// <summary>Sets every local learner's Adam step size (for a learning-rate schedule over rounds).</summary>
    public void SetLearningRate(float learningRate)
    {
        foreach (var l in _learners)
        {
            l.LearningRate = learningRate;
        }
    }

    /// <summary>Greedy evaluation of the global model.</summary>
    public EvaluationResult EvaluateGlobal(IReadOnlyList<EvEpisode> episodes) => _learners[0].Evaluate(episodes);
}
