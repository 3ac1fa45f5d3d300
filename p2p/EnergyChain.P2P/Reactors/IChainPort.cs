using EnergyChain.Core.Blocks;
using EnergyChain.Core.Execution;

namespace EnergyChain.P2P.Reactors;

/// <summary>What block propagation and block sync need from the chain.</summary>
public interface IChainPort
{
    /// <summary>Raised after a block is committed, whoever produced or sent it.</summary>
    event Action<Block>? BlockCommitted;

    ChainHead Head { get; }

    /// <summary>The committed block at <paramref name="height"/>, or null above the head.</summary>
    Block? GetBlock(ulong height);

    /// <summary>Validates <paramref name="block"/> fully (re-execution, state root) and commits it if it extends the head.</summary>
    BlockImport Import(Block block);

    /// <summary>
    /// Checks the signatures of a block that will be imported soon, so that its import finds them cached. Only a
    /// warm-up: the import checks everything again (for free when the cache has it).
    /// </summary>
    void PrefetchSignatures(Block block);
}
