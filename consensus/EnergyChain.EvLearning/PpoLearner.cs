using System.Numerics.Tensors;

namespace EnergyChain.EvLearning;

/// <summary>
/// Local learner of Algorithm 4: PPO with the clipped surrogate objective, an actor-critic MLP with a shared
/// trunk (state -> 32 -> 32 -> 7 action logits + 1 value), a categorical policy over the discretised action set
/// <see cref="EvConfig.ActionLevelsKwh"/>, GAE advantages (gamma = 1, lambda = 0.95, normalised per batch),
/// entropy bonus, global gradient-norm clipping and Adam. Float arithmetic; every random draw (initial
/// weights, episodes, exploration, minibatch order) comes from a seeded xoshiro256**.
/// </summary>
public sealed class PpoLearner
{
    private readonly Mlp _net;
    private readonly AdamOptimizer _adam;
    private readonly MlpWorkspace _ws;
    private readonly float[] _gradient;
    private readonly float[] _features = new float[EvEnvironment.FeatureCount];
    private readonly float[] _outGrad;
    private readonly double[] _probs;

    public PpoLearner(EvConfig environment, PpoOptions options, ulong initSeed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        Environment = environment;
        Options = options;
        Shape = new ModelShape(EvEnvironment.FeatureCount, options.Hidden, environment.ActionLevelsKwh.Count);
        _net = new Mlp(Shape);
        _net.Initialize(initSeed);
        _adam = new AdamOptimizer(Shape.ParameterCount, options.LearningRate);
        _ws = _net.CreateWorkspace();
        _gradient = new float[Shape.ParameterCount];
        _outGrad = new float[Shape.Outputs];
        _probs = new double[Shape.Actions];
    }

    public EvConfig Environment { get; }

    public PpoOptions Options { get; }

    public ModelShape Shape { get; }

    public int ParameterCount => Shape.ParameterCount;

    /// <summary>Current Adam step size (starts at <see cref="PpoOptions.LearningRate"/>; experiments may anneal it).</summary>
    public float LearningRate
    {
        get => _adam.LearningRate;
        set => _adam.LearningRate = value;
    }

    /// <summary>Environment steps collected by the last <see cref="Train(int, ulong)"/> / <see cref="TrainFrom"/> call.</summary>
    public long LastSampleCount { get; private set; }

    /// <summary>Total environment steps this learner has trained on.</summary>
    public long TotalSamples { get; private set; }

    public float[] GetParameters() => _net.GetParameters();

    public void SetParameters(ReadOnlySpan<float> parameters) => _net.SetParameters(parameters);

    /// <summary>
    /// Federated local step (Algorithm 4, lines 4-10): load the global model, train on <paramref name="episodes"/>
    /// locally generated episodes and return the updated parameters. <see cref="LastSampleCount"/> is the
    /// local sample count used as the FedAvg weight. Adam moments are local and persist across rounds.
    /// </summary>
    public float[] TrainFrom(ReadOnlySpan<float> globalParameters, int episodes, ulong seed)
    {
        SetParameters(globalParameters);
        _ = Train(episodes, seed);
        return GetParameters();
    }

    /// <summary>Trains on <paramref name="episodes"/> episodes drawn from Table 4.1 with seeds derived from <paramref name="seed"/>.</summary>
    public TrainingStats Train(int episodes, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(episodes);
        var list = new EvEpisode[episodes];
        for (var i = 0; i < episodes; i++)
        {
            list[i] = EvEpisode.Generate(Xoshiro256StarStar.DeriveSeed(seed, (ulong)i + 1_000_000UL), Environment);
        }

        return Train(list, seed);
    }

    /// <summary>Trains on the given episodes (in order, <see cref="PpoOptions.EpisodesPerUpdate"/> per PPO update).</summary>
    public TrainingStats Train(IReadOnlyList<EvEpisode> episodes, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        var rng = new Xoshiro256StarStar(seed);
        var batch = new RolloutBuffer(Shape.Inputs);
        long samples = 0;
        double sumReturn = 0;
        var updates = 0;
        var env = new EvEnvironment(Environment, episodes.Count > 0 ? episodes[0] : EvEpisode.Generate(seed, Environment));
        for (var start = 0; start < episodes.Count; start += Options.EpisodesPerUpdate)
        {
            batch.Clear();
            var end = Math.Min(episodes.Count, start + Options.EpisodesPerUpdate);
            for (var e = start; e < end; e++)
            {
                sumReturn += CollectEpisode(env, episodes[e], rng, batch);
            }

            samples += batch.Count;
            ComputeAdvantages(batch);
            Update(batch, rng);
            updates++;
        }

        LastSampleCount = samples;
        TotalSamples += samples;
        return new TrainingStats(episodes.Count, samples, episodes.Count > 0 ? sumReturn / episodes.Count : 0, updates);
    }

    /// <summary>Greedy (arg-max) action index for the environment's current state.</summary>
    public int SelectGreedy(EvEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        env.Observe(_features, Options.UsePriceFactor);
        var output = _net.Forward(_features, _ws);
        return TensorPrimitives.IndexOfMax(output[..Shape.Actions]);
    }

    /// <summary>Runs the greedy policy on each episode; returns mean profit and mean objective.</summary>
    public EvaluationResult Evaluate(IReadOnlyList<EvEpisode> episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        var returns = new double[episodes.Count];
        var profits = new double[episodes.Count];
        for (var i = 0; i < episodes.Count; i++)
        {
            var steps = EvEnvironment.Rollout(Environment, episodes[i], SelectGreedy);
            foreach (var s in steps)
            {
                returns[i] += s.Return;
                profits[i] += s.Profit;
            }
        }

        return new EvaluationResult(
            episodes.Count == 0 ? 0 : profits.Average(),
            episodes.Count == 0 ? 0 : returns.Average(),
            returns,
            profits);
    }

    /// <summary>Greedy rollout of one episode (for reports: hourly actions, proof score).</summary>
    public IReadOnlyList<EvStepResult> Play(EvEpisode episode) => EvEnvironment.Rollout(Environment, episode, SelectGreedy);

    private double CollectEpisode(EvEnvironment env, EvEpisode episode, Xoshiro256StarStar rng, RolloutBuffer batch)
    {
        env.Reset(episode);
        double total = 0;
        while (!env.Done)
        {
            env.Observe(_features, Options.UsePriceFactor);
            var output = _net.Forward(_features, _ws);
            Softmax(output[..Shape.Actions], _probs);
            var u = rng.NextDouble();
            var action = Shape.Actions - 1;
            double cumulative = 0;
            for (var a = 0; a < Shape.Actions; a++)
            {
                cumulative += _probs[a];
                if (u < cumulative)
                {
                    action = a;
                    break;
                }
            }

            var value = output[Shape.Actions];
            var step = env.StepIndex(action);
            total += step.Return;
            batch.Add(_features, action, (float)Math.Log(Math.Max(_probs[action], 1e-12)), value, step.TrainingReward(Options.UsePriceFactor) * Options.RewardScale, env.Done);
        }

        return total;
    }

    private void ComputeAdvantages(RolloutBuffer b)
    {
        double gae = 0;
        for (var i = b.Count - 1; i >= 0; i--)
        {
            var nextValue = b.Done[i] ? 0.0 : b.Values[i + 1];
            if (b.Done[i])
            {
                gae = 0;
            }

            var delta = b.Rewards[i] + (Options.Gamma * nextValue) - b.Values[i];
            gae = delta + (Options.Gamma * Options.GaeLambda * gae);
            b.Advantages[i] = (float)gae;
            b.ReturnsTarget[i] = (float)(gae + b.Values[i]);
        }

        var n = b.Count;
        var adv = b.Advantages.AsSpan(0, n);
        var mean = TensorPrimitives.Sum(adv) / n;
        double var = 0;
        foreach (var a in adv)
        {
            var += (a - mean) * (a - mean);
        }

        var std = (float)Math.Sqrt(var / n) + 1e-8f;
        for (var i = 0; i < n; i++)
        {
            adv[i] = (adv[i] - mean) / std;
        }
    }

    private void Update(RolloutBuffer b, Xoshiro256StarStar rng)
    {
        var n = b.Count;
        var order = new int[n];
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            for (var i = n - 1; i > 0; i--)
            {
                var j = rng.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (var start = 0; start < n; start += Options.MinibatchSize)
            {
                var count = Math.Min(Options.MinibatchSize, n - start);
                Array.Clear(_gradient);
                for (var k = 0; k < count; k++)
                {
                    AccumulateSampleGradient(b, order[start + k], 1f / count);
                }

                var norm = MathF.Sqrt(TensorPrimitives.SumOfSquares(_gradient));
                if (norm > Options.MaxGradientNorm)
                {
                    TensorPrimitives.Multiply(_gradient, Options.MaxGradientNorm / norm, _gradient);
                }

                _adam.Step(_net.Parameters, _gradient);
            }
        }
    }

    /// <summary>Adds weight * d(loss)/d(parameters) of one sample: clipped surrogate + value MSE - entropy bonus.</summary>
    private void AccumulateSampleGradient(RolloutBuffer b, int i, float weight)
    {
        var output = _net.Forward(b.FeaturesOf(i), _ws);
        var logits = output[..Shape.Actions];
        Softmax(logits, _probs);
        var action = b.Actions[i];
        var logp = Math.Log(Math.Max(_probs[action], 1e-12));
        var ratio = Math.Exp(logp - b.LogProbs[i]);
        double adv = b.Advantages[i];
        var eps = Options.ClipEpsilon;

        // d(-min(r A, clip(r) A))/d logp: -r A when the unclipped term is active, else 0.
        var clippedActive = (adv >= 0 && ratio > 1 + eps) || (adv < 0 && ratio < 1 - eps);
        var dLogp = clippedActive ? 0.0 : -ratio * adv;

        double entropy = 0;
        for (var a = 0; a < Shape.Actions; a++)
        {
            entropy -= _probs[a] * Math.Log(Math.Max(_probs[a], 1e-12));
        }

        for (var a = 0; a < Shape.Actions; a++)
        {
            var p = _probs[a];
            var g = dLogp * ((a == action ? 1.0 : 0.0) - p);

            // loss -= c_ent * H;  dH/dz_a = -p_a (log p_a + H)
            g += Options.EntropyCoefficient * p * (Math.Log(Math.Max(p, 1e-12)) + entropy);
            _outGrad[a] = (float)(g * weight);
        }

        var v = output[Shape.Actions];
        _outGrad[Shape.Actions] = 2f * Options.ValueCoefficient * (v - b.ReturnsTarget[i]) * weight;
        _net.Backward(_ws, _outGrad, _gradient);
    }

    private static void Softmax(ReadOnlySpan<float> logits, Span<double> probs)
    {
        double max = logits[0];
        for (var a = 1; a < logits.Length; a++)
        {
            max = Math.Max(max, logits[a]);
        }

        double sum = 0;
        for (var a = 0; a < logits.Length; a++)
        {
            probs[a] = Math.Exp(logits[a] - max);
            sum += probs[a];
        }

        for (var a = 0; a < logits.Length; a++)
        {
            probs[a] /= sum;
        }
    }

    private sealed class RolloutBuffer(int featureCount)
    {
        private float[] _features = new float[featureCount * 256];

        public int Count { get; private set; }

        public int[] Actions { get; private set; } = new int[256];

        public float[] LogProbs { get; private set; } = new float[256];

        public float[] Values { get; private set; } = new float[256];

        public double[] Rewards { get; private set; } = new double[256];

        public bool[] Done { get; private set; } = new bool[256];

        public float[] Advantages { get; private set; } = new float[256];

        public float[] ReturnsTarget { get; private set; } = new float[256];

        public void Clear() => Count = 0;

        public ReadOnlySpan<float> FeaturesOf(int i) => new(_features, i * featureCount, featureCount);

        public void Add(ReadOnlySpan<float> features, int action, float logProb, float value, double reward, bool done)
        {
            if (Count == Actions.Length)
            {
                var size = Count * 2;
                Array.Resize(ref _features, size * featureCount);
                Actions = Resize(Actions, size);
                LogProbs = Resize(LogProbs, size);
                Values = Resize(Values, size);
                Rewards = Resize(Rewards, size);
                Done = Resize(Done, size);
                Advantages = Resize(Advantages, size);
                ReturnsTarget = Resize(ReturnsTarget, size);
            }

            features[..featureCount].CopyTo(_features.AsSpan(Count * featureCount));
            Actions[Count] = action;
            LogProbs[Count] = logProb;
            Values[Count] = value;
            Rewards[Count] = reward;
            Done[Count] = done;
            Count++;
        }

        private static T[] Resize<T>(T[] a, int size)
        {
            Array.Resize(ref a, size);
            return a;
        }
    }
}
