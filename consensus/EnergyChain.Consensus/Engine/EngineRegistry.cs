using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Engine;

/// <summary>The engine names genesis may use in <c>consensus.engine</c>.</summary>
public static class EngineNames
{
    /// <summary>Proof of work: open competition, heaviest chain.</summary>
    public const string Pow = "pow";

    /// <summary>Proof of stake: weighted random election by locked stake, 2/3 finality votes.</summary>
    public const string Pos = "pos";

    /// <summary>Proof of Energy Generation (thesis chapter 3).</summary>
    public const string Poeg = "poeg";

    /// <summary>Proof of State of Charge (thesis chapter 4).</summary>
    public const string Posoc = "posoc";
}

/// <summary>Creates an engine for a chain from its genesis (which carries the engine name and parameters).</summary>
public delegate IConsensusEngine EngineFactory(GenesisDocument genesis);

/// <summary>
/// Maps engine names to factories. The node's composition root registers the engines it ships and creates
/// the one genesis names; an unknown name is an <see cref="UnknownEngineException"/>, never a silent default.
/// Names are compared exactly (ordinal): genesis names are lower case.
/// </summary>
public sealed class EngineRegistry
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, EngineFactory> _factories = new(StringComparer.Ordinal);

    /// <summary>Registered names in ordinal order.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
            {
                return [.. _factories.Keys];
            }
        }
    }

    /// <summary>Registers <paramref name="factory"/> under <paramref name="name"/>; a name may be registered once.</summary>
    public EngineRegistry Register(string name, EngineFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (string.IsNullOrEmpty(name) || name.Any(c => c is not (>= 'a' and <= 'z') and not (>= '0' and <= '9') and not '-'))
        {
            throw new ArgumentException($"engine name '{name}' must be lower-case letters, digits or '-'", nameof(name));
        }

        lock (_lock)
        {
            if (!_factories.TryAdd(name, factory))
            {
                throw new ArgumentException($"engine '{name}' is already registered", nameof(name));
            }
        }

        return this;
    }

    public bool IsRegistered(string name)
    {
        lock (_lock)
        {
            return _factories.ContainsKey(name);
        }
    }

    /// <summary>The factory for <paramref name="name"/>; throws <see cref="UnknownEngineException"/> if there is none.</summary>
    public EngineFactory Get(string name)
    {
        lock (_lock)
        {
            if (_factories.TryGetValue(name, out var factory))
            {
                return factory;
            }
        }

        throw new UnknownEngineException(name, Names);
    }

    /// <summary>Creates the engine <paramref name="genesis"/> names in <c>consensus.engine</c>.</summary>
    public IConsensusEngine Create(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return Get(genesis.Engine)(genesis);
    }
}

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
