namespace EnergyChain.Contracts.Host;

/// <summary>
/// The syscall id table (consensus constants: never renumber). Stack effects are "arguments -> results",
/// top on the right. Storage keys are byte strings (at most <see cref="MaxKeySize"/> bytes); values at most
/// <c>VmLimits.MaxByteStringSize</c>. Integers stored with <see cref="PutInt"/> are 8 bytes big-endian.
/// </summary>
public static class Syscalls
{
    public const int MaxKeySize = 256;

    // Storage of the running contract.
    /// <summary>key -> int (0 when absent; fault if the stored value is not 8 bytes).</summary>
    public const ushort GetInt = 1;
    /// <summary>key int -> (stores 8 bytes big-endian).</summary>
    public const ushort PutInt = 2;
    /// <summary>key -> bytes (empty when absent).</summary>
    public const ushort Get = 3;
    /// <summary>key bytes -> (an empty value deletes).</summary>
    public const ushort Put = 4;
    /// <summary>key -> (deletes).</summary>
    public const ushort Delete = 5;
    /// <summary>key -> 0/1.</summary>
    public const ushort Has = 6;

    // Call context.
    /// <summary>-> the caller's 20-byte address (the transaction sender).</summary>
    public const ushort Caller = 16;
    /// <summary>-> this contract's 20-byte address.</summary>
    public const ushort Self = 17;
    /// <summary>-> the micro-units the call moved to this contract before it ran.</summary>
    public const ushort CallValue = 18;
    /// <summary>address -> balance (micro-units) of any account.</summary>
    public const ushort Balance = 19;
    /// <summary>address amount -> ; moves amount from this contract's balance (fault if short, amount &lt; 0 or bad address).</summary>
    public const ushort Transfer = 20;
    /// <summary>
    /// address -> the height of the last offence the core slashed that account for (0 = never): the core verified
    /// the evidence (double-sign transactions, missed slots), so contracts can penalize on it without trusting anyone.
    /// </summary>
    public const ushort SlashedHeight = 21;

    // Block context.
    /// <summary>-> block height.</summary>
    public const ushort Height = 32;
    /// <summary>-> block slot.</summary>
    public const ushort Slot = 33;
    /// <summary>-> the chain seed: the parent block hash (32 bytes).</summary>
    public const ushort Seed = 34;
    /// <summary>-> the block producer's 20-byte address (the elected miner of this block).</summary>
    public const ushort Producer = 35;

    /// <summary>topic data -> ; recorded in the receipt when the call succeeds.</summary>
    public const ushort Emit = 48;

    // Pure helpers.
    /// <summary>int -> 8 bytes big-endian.</summary>
    public const ushort IntToBytes = 64;
    /// <summary>bytes(8) -> int (fault unless exactly 8 bytes).</summary>
    public const ushort BytesToInt = 65;

    // Read-only consensus views (IConsensusView; empty until an engine fills them).
    /// <summary>address -> proof score (0 when none).</summary>
    public const ushort ProofScore = 80;
    /// <summary>-> elected miner address of this block's round (empty bytes when unknown).</summary>
    public const ushort ElectedMiner = 81;

    // Deterministic builtins (C#, integer only).
    /// <summary>offers bids -> matches price: the uniform-price double auction (<c>node/EnergyChain.Core/Market/DoubleAuction</c>).</summary>
    public const ushort AuctionClear = 96;
}
