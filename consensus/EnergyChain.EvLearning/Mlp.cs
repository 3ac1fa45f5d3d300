using System.Numerics.Tensors;

namespace EnergyChain.EvLearning;

/// <summary>
/// Small fully connected network on a flat float parameter vector (layout: see <see cref="ModelShape"/>):
/// tanh hidden layers, linear output layer. Forward and backward passes use <see cref="TensorPrimitives"/>.
/// </summary>
public sealed class Mlp
{
    private readonly float[] _parameters;
    private readonly int[] _sizes;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;

    public Mlp(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        _sizes = shape.LayerSizes;
        _parameters = new float[shape.ParameterCount];
        _weightOffsets = new int[_sizes.Length - 1];
        _biasOffsets = new int[_sizes.Length - 1];
        var offset = 0;
        for (var l = 0; l + 1 < _sizes.Length; l++)
        {
            _weightOffsets[l] = offset;
            offset += _sizes[l] * _sizes[l + 1];
            _biasOffsets[l] = offset;
            offset += _sizes[l + 1];
        }
    }

    public ModelShape Shape { get; }

    public int ParameterCount => _parameters.Length;

    /// <summary>The live parameter vector (mutated by the optimiser).</summary>
    internal Span<float> Parameters => _parameters;

    public float[] GetParameters() => (float[])_parameters.Clone();

    public void SetParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != _parameters.Length)
        {
            throw new ArgumentException($"expected {_parameters.Length} parameters for {Shape.Id}, got {parameters.Length}", nameof(parameters));
        }

        parameters.CopyTo(_parameters);
    }

    /// <summary>
    /// Seeded initialisation: uniform Glorot weights for the hidden layers, output rows scaled by
    /// <paramref name="policyScale"/> (logits) and <paramref name="valueScale"/> (value); zero biases.
    /// </summary>
    public void Initialize(ulong seed, float policyScale = 0.01f, float valueScale = 1.0f)
    {
        var rng = new Xoshiro256StarStar(seed);
        Array.Clear(_parameters);
        var last = _sizes.Length - 2;
        for (var l = 0; l + 1 < _sizes.Length; l++)
        {
            var fanIn = _sizes[l];
            var fanOut = _sizes[l + 1];
            var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            for (var o = 0; o < fanOut; o++)
            {
                var scale = l == last ? (o < Shape.Actions ? policyScale : valueScale) : 1.0f;
                for (var i = 0; i < fanIn; i++)
                {
                    _parameters[_weightOffsets[l] + (o * fanIn) + i] = (float)(((rng.NextDouble() * 2.0) - 1.0) * limit * scale);
                }
            }
        }
    }

    /// <summary>Activation buffers for one forward/backward pass.</summary>
    public MlpWorkspace CreateWorkspace() => new(_sizes);

    /// <summary>Forward pass; the returned span (the output layer) lives in <paramref name="workspace"/>.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, MlpWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        input[.._sizes[0]].CopyTo(workspace.Activations[0]);
        for (var l = 0; l + 1 < _sizes.Length; l++)
        {
            var x = workspace.Activations[l];
            var y = workspace.Activations[l + 1];
            var fanIn = _sizes[l];
            var w = new ReadOnlySpan<float>(_parameters, _weightOffsets[l], fanIn * _sizes[l + 1]);
            var b = new ReadOnlySpan<float>(_parameters, _biasOffsets[l], _sizes[l + 1]);
            for (var o = 0; o < y.Length; o++)
            {
                y[o] = TensorPrimitives.Dot(w.Slice(o * fanIn, fanIn), x) + b[o];
            }

            if (l + 2 < _sizes.Length)
            {
                TensorPrimitives.Tanh(y, y);
            }
        }

        return workspace.Activations[^1];
    }

    /// <summary>
    /// Backward pass for the last <see cref="Forward"/> in <paramref name="workspace"/>: adds dLoss/dParameters to
    /// <paramref name="gradient"/> given dLoss/dOutput.
    /// </summary>
    public void Backward(MlpWorkspace workspace, ReadOnlySpan<float> outputGradient, Span<float> gradient)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (gradient.Length != _parameters.Length)
        {
            throw new ArgumentException("gradient length must equal the parameter count", nameof(gradient));
        }

        var delta = workspace.Deltas[^1];
        outputGradient[..delta.Length].CopyTo(delta);
        for (var l = _sizes.Length - 2; l >= 0; l--)
        {
            var x = workspace.Activations[l];
            var fanIn = _sizes[l];
            var fanOut = _sizes[l + 1];
            delta = workspace.Deltas[l + 1];
            var gw = gradient.Slice(_weightOffsets[l], fanIn * fanOut);
            var gb = gradient.Slice(_biasOffsets[l], fanOut);
            TensorPrimitives.Add(gb, delta, gb);
            for (var o = 0; o < fanOut; o++)
            {
                var row = gw.Slice(o * fanIn, fanIn);
                TensorPrimitives.MultiplyAdd(x, delta[o], row, row);
            }

            if (l == 0)
            {
                break;
            }

            var dx = workspace.Deltas[l];
            Array.Clear(dx);
            var w = new ReadOnlySpan<float>(_parameters, _weightOffsets[l], fanIn * fanOut);
            for (var o = 0; o < fanOut; o++)
            {
                TensorPrimitives.MultiplyAdd(w.Slice(o * fanIn, fanIn), delta[o], dx, dx);
            }

            // tanh'(z) = 1 - tanh(z)^2, with x = tanh(z) the stored activation.
            for (var i = 0; i < fanIn; i++)
            {
                dx[i] *= 1f - (x[i] * x[i]);
            }
        }
    }
}
