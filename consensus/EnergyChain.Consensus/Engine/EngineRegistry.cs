using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// The engine modules a build ships, by name. The node's composition root registers them once and creates the one
/// genesis names; an unknown name is an <see cref="UnknownEngineException"/>, never a silent default. Names are
/// compared exactly (ordinal): genesis names are lower case. Two modules may not claim the same name, API route or
/// devnet option, since the node mounts every module's routes and the devnet offers every module's options.
/// </summary>
public sealed class EngineRegistry
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, IEngineModule> _modules = new(StringComparer.Ordinal);

    /// <summary>Registered names in ordinal order.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
            {
                return [.. _modules.Keys];
            }
        }
    }

    /// <summary>Registered modules in ordinal order of their names.</summary>
    public IReadOnlyList<IEngineModule> Modules
    {
        get
        {
            lock (_lock)
            {
                return [.. _modules.Values];
            }
        }
    }

    /// <summary>Registers <paramref name="module"/>; a name, route or devnet option may be claimed once.</summary>
    public EngineRegistry Register(IEngineModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var name = module.Name;
        if (string.IsNullOrEmpty(name) || name.Any(c => c is not (>= 'a' and <= 'z') and not (>= '0' and <= '9') and not '-'))
        {
            throw new ArgumentException($"engine name '{name}' must be lower-case letters, digits or '-'", nameof(module));
        }

        lock (_lock)
        {
            if (_modules.ContainsKey(name))
            {
                throw new ArgumentException($"engine '{name}' is already registered", nameof(module));
            }

            foreach (var other in _modules.Values)
            {
                if (module.Routes.Select(r => r.Path).Intersect(other.Routes.Select(r => r.Path), StringComparer.Ordinal).FirstOrDefault() is { } route)
                {
                    throw new ArgumentException($"engine '{name}' serves {route}, which '{other.Name}' already serves", nameof(module));
                }

                if (DevnetOptionsOf(module).Intersect(DevnetOptionsOf(other), StringComparer.Ordinal).FirstOrDefault() is { } option)
                {
                    throw new ArgumentException($"engine '{name}' declares the devnet option {option}, which '{other.Name}' already declares", nameof(module));
                }
            }

            _modules.Add(name, module);
        }

        return this;
    }

    public bool IsRegistered(string name)
    {
        lock (_lock)
        {
            return _modules.ContainsKey(name);
        }
    }

    /// <summary>The module named <paramref name="name"/>; throws <see cref="UnknownEngineException"/> if there is none.</summary>
    public IEngineModule Get(string name)
    {
        lock (_lock)
        {
            if (_modules.TryGetValue(name, out var module))
            {
                return module;
            }
        }

        throw new UnknownEngineException(name, Names);
    }

    /// <summary>Creates the engine <paramref name="genesis"/> names in <c>consensus.engine</c>.</summary>
    public IConsensusEngine Create(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return Get(genesis.Engine).CreateEngine(genesis);
    }

    private static IEnumerable<string> DevnetOptionsOf(IEngineModule module) =>
        module.Devnet.Parameters.Select(p => p.Option).Concat(module.Devnet.Participants is { } p ? [p.Option] : []);
}
