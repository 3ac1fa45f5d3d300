using EnergyChain.Core.Blocks;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

/// <summary>
/// An engine's own transactions and per-block work, applied inside <see cref="BlockExecutor.Apply"/> so that the one
/// state path stays the one state path: PoEG records grid registrations and forecasts and settles each market slot
/// (coalitions, trades, scores, rewards); PoSOC records EV reports and model updates and aggregates them. The core
/// knows no engine: it asks <see cref="Handles"/> which payloads belong to the engine, checks them with
/// <see cref="Check"/> (in the mempool and in blocks) and lets <see cref="Execute"/> record them.
/// <para>
/// The block-level work runs first in every block (<see cref="BeginBlock"/>, after the engine's penalties, before the
/// transactions), from the parent state alone; what it computed travels in the header's consensus data
/// (<see cref="ConsensusDataFor"/>), so a validator re-executes it and refuses a block whose data differs. Everything
/// here is a deterministic function of the parent state and the header: no clock, no randomness beyond chain data,
/// integers only, ordered iteration.
/// </para>
/// </summary>
public interface IEngineRules
{
    /// <summary>Whether transactions with this payload type are the engine's (checked and recorded by it).</summary>
    bool Handles(TxType type);

    /// <summary>
    /// Checks an engine transaction against the state it would run on, at block <paramref name="height"/>: a typed
    /// rejection with a sentence for the operator, or null. Called by the mempool and again in every block.
    /// </summary>
    TxRejection? Check(IStateReader state, Transaction tx, ulong height);

    /// <summary>Records a transaction that passed <see cref="Check"/> (the core has charged the fee and the nonce).</summary>
    void Execute(StateOverlay state, Transaction tx, ulong height);

    /// <summary>The consensus data the block at <paramref name="draft"/>'s height must carry, computed from the parent state.</summary>
    ReadOnlyMemory<byte> ConsensusDataFor(BlockHeader draft, IChainState parent);

    /// <summary>
    /// Applies the engine's block-level work for <paramref name="header"/> on top of <paramref name="parent"/> into
    /// <paramref name="state"/>; an error when the header's consensus data is not what the engine computes.
    /// <paramref name="contracts"/> is the chain's contract runtime, for payments an engine makes through the system
    /// contracts (null on a chain without one); it is handed over per block, so the engine holds no reference to it.
    /// </summary>
    string? BeginBlock(StateOverlay state, BlockHeader header, IChainState parent, ISystemContractCaller? contracts);
}
