namespace EnergyChain.EvLearning;

/// <summary>Per-pass buffers of an <see cref="Mlp"/> (activations and back-propagated deltas per layer).</summary>
public sealed class MlpWorkspace
{
    internal MlpWorkspace(int[] sizes)
    {
        Activations = sizes.Select(s => new float[s]).ToArray();
        Deltas = sizes.Select(s => new float[s]).ToArray();
    }

    internal float[][] Activations { get; }

    internal float[][] Deltas { get; }
}
