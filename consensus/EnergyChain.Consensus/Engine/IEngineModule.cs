using EnergyChain.Core.Genesis;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// One consensus engine as a self-contained module: everything it brings to a chain and to a node, declared through
/// this one contract, so the node hosts any engine without knowing its name. The node lists the modules it ships
/// once (<see cref="EngineRegistry"/>); genesis <c>consensus.engine</c> picks one.
/// <list type="bullet">
/// <item>Chain level (<see cref="CreateEngine"/>): election, seal validation, fork choice, incentives and the engine's
/// own transactions and block-level work (<see cref="IConsensusEngine.Rules"/>), all deterministic.</item>
/// <item>Node level (<see cref="CreateNode"/>): the producer, miner or replica loop, its P2P consensus categories,
/// evidence handling, finality, and its API read models (<see cref="IEngineNode"/>).</item>
/// <item>Static declarations: its genesis parameter schema, the API routes it serves, and the participants a
/// devnet simulates for it.</item>
/// </list>
/// </summary>
public interface IEngineModule
{
    /// <summary>The name genesis uses in <c>consensus.engine</c>: lower-case letters, digits or '-'.</summary>
    string Name { get; }

    /// <summary>One sentence for people choosing an engine (help texts, <c>energychain-node engines</c>).</summary>
    string Summary { get; }

    /// <summary>The keys genesis <c>consensus.params</c> may set, with their defaults.</summary>
    IReadOnlyList<EngineParameterInfo> Parameters { get; }

    /// <summary>Whether committed blocks can be reverted (a forking engine): then the store keeps undo data.</summary>
    bool RevertsBlocks { get; }

    /// <summary>The API routes this engine serves (GET); mounted on every node, answered 404 under other engines.</summary>
    IReadOnlyList<EngineRoute> Routes { get; }

    /// <summary>What a devnet sets up and simulates for this engine.</summary>
    EngineDevnet Devnet { get; }

    /// <summary>The engine for a chain; a bad <c>consensus.params</c> value is an <see cref="EngineParameterException"/>.</summary>
    IConsensusEngine CreateEngine(GenesisDocument genesis);

    /// <summary>The engine's running part on one node, for <paramref name="engine"/> (made by <see cref="CreateEngine"/>).</summary>
    IEngineNode CreateNode(IConsensusEngine engine, EngineNodeContext context);
}
