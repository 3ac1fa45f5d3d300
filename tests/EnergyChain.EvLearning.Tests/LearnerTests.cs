namespace EnergyChain.EvLearning.Tests;

public class LearnerTests
{
    private static readonly EvConfig Config = EvConfig.Default;

    [Fact]
    public void Default_model_shape_and_parameter_count()
    {
        var shape = ModelShape.Default;
        Assert.Equal([12, 32, 32, 8], shape.LayerSizes);
        Assert.Equal((12 * 32) + 32 + (32 * 32) + 32 + (32 * 8) + 8, shape.ParameterCount);
        Assert.Equal(1736, shape.ParameterCount);
        Assert.Equal("ec-ppo-mlp/v1/in12-h32-h32-pi7-v1/tanh/f32", shape.Id);
        Assert.Equal(shape, new ModelShape(12, [32, 32], 7));
        var learner = new PpoLearner(Config, PpoOptions.Default, 1);
        Assert.Equal(shape, learner.Shape);
        Assert.Equal(1736, learner.ParameterCount);
        Assert.Equal(1736, learner.GetParameters().Length);
    }

    [Fact]
    public void Mlp_gradient_matches_finite_differences()
    {
        var shape = new ModelShape(5, [6, 4], 3);
        var net = new Mlp(shape);
        net.Initialize(11, policyScale: 1f, valueScale: 1f);
        var rng = new Xoshiro256StarStar(3);
        var input = Enumerable.Range(0, 5).Select(_ => (float)rng.NextGaussian()).ToArray();
        var weights = Enumerable.Range(0, shape.Outputs).Select(_ => (float)rng.NextGaussian()).ToArray();
        var ws = net.CreateWorkspace();

        // Loss L = sum_k c_k * out_k, so dL/dout = c.
        double Loss()
        {
            var o = net.Forward(input, ws);
            double l = 0;
            for (var k = 0; k < o.Length; k++)
            {
                l += weights[k] * (double)o[k];
            }

            return l;
        }

        _ = Loss();
        var grad = new float[shape.ParameterCount];
        net.Backward(ws, weights, grad);

        var p = net.GetParameters();
        const float H = 1e-2f;
        for (var i = 0; i < p.Length; i++)
        {
            var saved = p[i];
            p[i] = saved + H;
            net.SetParameters(p);
            var plus = Loss();
            p[i] = saved - H;
            net.SetParameters(p);
            var minus = Loss();
            p[i] = saved;
            net.SetParameters(p);
            var numeric = (plus - minus) / (2 * H);
            Assert.True(Math.Abs(numeric - grad[i]) <= 2e-3 + (2e-2 * Math.Abs(numeric)), $"param {i}: numeric {numeric} analytic {grad[i]}");
        }
    }

    [Fact]
    public void Same_seed_gives_identical_parameters()
    {
        float[] Run(ulong seed)
        {
            var fed = new FederatedTraining(Config, PpoOptions.Default, 2, seed);
            fed.RunRound(8);
            fed.RunRound(8);
            return fed.GlobalParameters;
        }

        var a = Run(9);
        var b = Run(9);
        var c = Run(10);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        var l1 = new PpoLearner(Config, PpoOptions.Default, 4);
        var l2 = new PpoLearner(Config, PpoOptions.Default, 4);
        Assert.Equal(l1.GetParameters(), l2.GetParameters());
        var p1 = l1.TrainFrom(a, 8, 123);
        var p2 = l2.TrainFrom(a, 8, 123);
        Assert.Equal(p1, p2);
        Assert.NotEqual(a, p1);
        Assert.True(l1.LastSampleCount > 8);
    }

    [Fact]
    public void Parameters_round_trip_and_shape_is_checked()
    {
        var l = new PpoLearner(Config, PpoOptions.Default, 4);
        var p = l.GetParameters();
        p[0] = 0.5f;
        l.SetParameters(p);
        Assert.Equal(0.5f, l.GetParameters()[0]);
        Assert.Throws<ArgumentException>(() => l.SetParameters(new float[3]));
    }

    [Fact]
    public void Federated_average_is_weighted_by_sample_counts()
    {
        var avg = FederatedTraining.FederatedAverage([[1f, 2f], [4f, 8f]], [1, 3]);
        Assert.Equal([3.25f, 6.5f], avg);
        Assert.Throws<ArgumentException>(() => FederatedTraining.FederatedAverage([[1f]], [0]));
        Assert.Throws<ArgumentException>(() => FederatedTraining.FederatedAverage([[1f], [1f, 2f]], [1, 1]));
    }

    [Fact]
    public void Short_seeded_training_beats_the_random_policy()
    {
        var heldOut = EvEpisode.GenerateSet(0xE7A1, 40, Config);
        double random = 0, optimum = 0;
        foreach (var e in heldOut)
        {
            random += Policies.Score(Config, e, Policies.Random(e.Seed)).Return;
            optimum += DynamicProgrammingOptimum.Solve(Config, e).Return;
        }

        random /= heldOut.Count;
        optimum /= heldOut.Count;

        var fed = new FederatedTraining(Config, PpoOptions.Default, 2, 2024);
        var before = fed.EvaluateGlobal(heldOut).MeanReturn;
        for (var r = 0; r < 15; r++)
        {
            fed.RunRound(16);
        }

        var after = fed.EvaluateGlobal(heldOut).MeanReturn;
        Assert.True(after > random + (0.3 * (optimum - random)), $"random {random:F2}, untrained {before:F2}, trained {after:F2}, optimum {optimum:F2}");
        Assert.True(after > before);
        Assert.True(after <= optimum + 1e-9);
    }
}
