namespace EnergyChain.EvLearning;

/// <summary>Adam (Kingma and Ba) on a flat float parameter vector.</summary>
public sealed class AdamOptimizer
{
    private readonly float[] _m;
    private readonly float[] _v;
    private long _t;

    public AdamOptimizer(int parameterCount, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        _m = new float[parameterCount];
        _v = new float[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public float LearningRate { get; set; }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    /// <summary>Forgets the moment estimates.</summary>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        _t = 0;
    }

    /// <summary>One descent step: parameters -= lr * mhat / (sqrt(vhat) + eps).</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        _t++;
        var c1 = 1.0 - Math.Pow(Beta1, _t);
        var c2 = 1.0 - Math.Pow(Beta2, _t);
        var stepSize = (float)(LearningRate * Math.Sqrt(c2) / c1);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            _m[i] = (Beta1 * _m[i]) + ((1f - Beta1) * g);
            _v[i] = (Beta2 * _v[i]) + ((1f - Beta2) * g * g);
            parameters[i] -= stepSize * _m[i] / (MathF.Sqrt(_v[i]) + Epsilon);
        }
    }
}
