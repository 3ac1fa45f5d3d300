namespace EnergyChain.Consensus.Engine;

/// <summary>Genesis names a consensus engine this build does not have.</summary>
public sealed class UnknownEngineException : Exception
{
    public UnknownEngineException(string name, IReadOnlyList<string> known)
        : base($"unknown consensus engine '{name}' (genesis consensus.engine); known engines: "
               + (known.Count == 0 ? "none registered" : string.Join(", ", known)))
    {
        Name = name;
        Known = known;
    }

    /// <summary>The name genesis asked for.</summary>
    public string Name { get; }

    /// <summary>The registered names.</summary>
    public IReadOnlyList<string> Known { get; }
}
