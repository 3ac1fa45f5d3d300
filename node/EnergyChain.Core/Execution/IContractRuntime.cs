using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

/// <summary>
/// Executes contract transactions (<see cref="ContractDeployPayload"/>, <see cref="ContractCallPayload"/>) for
/// <see cref="BlockExecutor"/>. The core knows no VM: the node composes an implementation
/// (<c>EnergyChain.Contracts.ContractRuntime</c>) and passes it to <c>Blockchain.Open</c>. Without one, contract
/// transactions are refused with <see cref="TxError.ContractsDisabled"/>.
/// <para>
/// Contract: the core has already checked the nonce and that the balance covers the transaction fee, and hands in
/// the sender account as it is after the fee and the nonce increment (not yet written). The runtime either
/// returns a rejection and writes nothing, or writes the sender (and every other effect) into
/// the overlay and reports the gas fee it charged on top of the transaction fee; the core credits
/// both to the producer. Deterministic: a pure function of the state, the transaction and the context.
/// </para>
/// </summary>
public interface IContractRuntime : ISystemContractCaller
{
    ContractExecution Execute(StateOverlay state, Transaction tx, Account sender, ContractContext context);
}

/// <summary>
/// The block a contract transaction runs in (what contracts may read of it). <see cref="Parent"/> is the chain state
/// the block extends, for read-only consensus views (proof scores, the elected miner): handed over with each call
/// rather than held by the runtime, so the runtime needs no reference to the chain that needs the runtime. Null
/// where no block is being executed (a mempool check).
/// </summary>
public sealed record ContractContext(ulong Height, ulong Slot, long Timestamp, Hash256 ParentHash, Address Producer, IChainState? Parent = null);

/// <summary>How a contract call ended. Numbers are stable (receipts, API).</summary>
public enum ContractStatus : byte
{
    Ok = 0,
    Fault = 1,
    OutOfGas = 2,
    Abort = 3,
}

/// <summary>An event a contract emitted (kept only when its call succeeded).</summary>
public sealed record ContractEvent(Address Contract, byte[] Topic, byte[] Data);

/// <summary>What a contract transaction did: status, gas, events, return values, and the contract it ran.</summary>
public sealed record ContractReceipt(
    Hash256 TxHash,
    Address Contract,
    ContractStatus Status,
    ulong GasUsed,
    ulong GasFee,
    int AbortCode,
    string Fault,
    IReadOnlyList<ContractEvent> Events,
    IReadOnlyList<ContractArg> Returns);

/// <summary>Result of <see cref="IContractRuntime.Execute"/>: a rejection (no writes), or the charged gas fee and a receipt.</summary>
public sealed record ContractExecution(TxRejection? Rejection, ulong GasFee, ContractReceipt? Receipt)
{
    public static ContractExecution Reject(TxError error, string message) => new(new TxRejection(error, message), 0, null);
}
