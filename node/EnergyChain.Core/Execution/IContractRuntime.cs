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
