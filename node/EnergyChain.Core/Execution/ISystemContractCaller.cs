using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

/// <summary>
/// Lets an engine's block-level work (<see cref="IEngineRules.BeginBlock"/>) call a system contract without a user
/// transaction: PoEG pays the mining reward through the reward contract and settles coalition trades through the
/// trading contract. Implemented by the node's contract runtime (<c>EnergyChain.Contracts.ContractRuntime</c>);
/// the core and the engines know only this interface.
/// <para>
/// Semantics: the caller the contract sees (syscall <c>caller</c>) is <see cref="SystemAddresses.Caller"/> (the zero
/// address, which has no key). <c>value</c> micro-units are credited to the contract before it runs
/// (syscall <c>call_value</c>) without being debited from anyone: they are minted into the call, so an engine that
/// moves existing money debits the payer itself first. Gas: a fixed limit (<c>ContractRuntime.SystemCallGas</c>),
/// charged to nobody and paid to nobody. On Ok every effect (storage, transfers, the value) is written into
/// <c>state</c>; otherwise the result carries an error and nothing is written. Deterministic: a pure
/// function of the state, the arguments and the context.
/// </para>
/// </summary>
public interface ISystemContractCaller
{
    SystemCallResult SystemCall(StateOverlay state, Address contract, ushort function, IReadOnlyList<ContractArg> args, ulong value, ContractContext context);
}
