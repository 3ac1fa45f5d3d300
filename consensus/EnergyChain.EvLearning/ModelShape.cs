using System.Globalization;

namespace EnergyChain.EvLearning;

/// <summary>
/// Layer sizes of the actor-critic MLP: <c>Inputs -> Hidden[0] -> ... -> (Actions policy logits + 1 value)</c>,
/// tanh hidden layers, linear output. Parameters are laid out layer by layer, each layer as its weight matrix
/// (row-major, one row per output unit) followed by its bias vector. <see cref="Id"/> is a stable string that
/// names this layout; two models can be averaged only if their ids are equal.
/// </summary>
public sealed record ModelShape
{
    public ModelShape(int inputs, IReadOnlyList<int> hidden, int actions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(actions, 2);
        foreach (var h in hidden)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h);
        }

        Inputs = inputs;
        Hidden = hidden.ToArray();
        Actions = actions;
    }

    /// <summary>Default shape: 12 state features -> 32 -> 32 -> 7 action logits + 1 value.</summary>
    public static ModelShape Default { get; } = new(EvEnvironment.FeatureCount, [32, 32], 7);

    public int Inputs { get; }

    public IReadOnlyList<int> Hidden { get; }

    public int Actions { get; }

    /// <summary>Output width: action logits plus the value head.</summary>
    public int Outputs => Actions + 1;

    /// <summary>All layer widths from input to output.</summary>
    public int[] LayerSizes => [Inputs, .. Hidden, Outputs];

    /// <summary>Total number of float parameters.</summary>
    public int ParameterCount
    {
        get
        {
            var sizes = LayerSizes;
            var n = 0;
            for (var l = 0; l + 1 < sizes.Length; l++)
            {
                n += (sizes[l] * sizes[l + 1]) + sizes[l + 1];
            }

            return n;
        }
    }

    /// <summary>Stable id, e.g. <c>ec-ppo-mlp/v1/in12-h32-h32-pi7-v1/tanh/f32</c>.</summary>
    public string Id => string.Create(
        CultureInfo.InvariantCulture,
        $"ec-ppo-mlp/v1/in{Inputs}{string.Concat(Hidden.Select(h => string.Create(CultureInfo.InvariantCulture, $"-h{h}")))}-pi{Actions}-v1/tanh/f32");

    public bool Equals(ModelShape? other) =>
        other is not null && Inputs == other.Inputs && Actions == other.Actions && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Id;
}
