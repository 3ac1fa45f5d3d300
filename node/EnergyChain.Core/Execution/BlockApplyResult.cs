using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Execution;

/// <summary>Outcome of <see cref="BlockExecutor.Apply"/>: the changes to commit, or why the block is invalid.</summary>
public sealed class BlockApplyResult
{
    private BlockApplyResult(
        StateChanges changes, Hash256 stateRoot, ulong fees, ulong reward, IReadOnlyList<SlashRecord> slashes,
        BlockError? error, string message, int txIndex, TxRejection? tx)
    {
        Changes = changes;
        StateRoot = stateRoot;
        FeesCollected = fees;
        Reward = reward;
        Slashes = slashes;
        Error = error;
        Message = message;
        TxIndex = txIndex;
        TxRejection = tx;
    }

    public bool IsValid => Error is null;

    public BlockError? Error { get; }

    public string Message { get; }

    /// <summary>Index of the offending transaction, or -1.</summary>
    public int TxIndex { get; }

    public TxRejection? TxRejection { get; }

    public StateChanges Changes { get; }

    public Hash256 StateRoot { get; }

    public ulong FeesCollected { get; }

    /// <summary>Micro-units minted to the producer by the engine's block reward.</summary>
    public ulong Reward { get; }

    /// <summary>The slashes the block applied: the engine's penalties first, then evidence in transaction order.</summary>
    public IReadOnlyList<SlashRecord> Slashes { get; }

    internal static BlockApplyResult Valid(StateChanges changes, Hash256 root, ulong fees, ulong reward, IReadOnlyList<SlashRecord> slashes) =>
        new(changes, root, fees, reward, slashes, null, "valid", -1, null);

    internal static BlockApplyResult Invalid(BlockError error, string message) =>
        new(StateChanges.Empty, Hash256.Zero, 0, 0, [], error, message, -1, null);

    internal static BlockApplyResult InvalidTransaction(int index, TxRejection rejection) =>
        new(StateChanges.Empty, Hash256.Zero, 0, 0, [], BlockError.InvalidTransaction, $"transaction {index}: {rejection}", index, rejection);

    /// <summary>Receipts of the block's contract transactions, in block order (empty when none).</summary>
    public IReadOnlyList<ContractReceipt> ContractReceipts { get; private init; } = [];

    internal BlockApplyResult WithReceipts(IReadOnlyList<ContractReceipt> receipts) =>
        receipts.Count == 0 ? this : new(Changes, StateRoot, FeesCollected, Reward, Slashes, Error, Message, TxIndex, TxRejection) { ContractReceipts = receipts };

    public override string ToString() => IsValid ? "valid" : $"{Error}: {Message}";
}
