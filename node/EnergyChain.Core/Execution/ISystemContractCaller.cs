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

/// <summary>What a system call did: null <see cref="Error"/> when it ended Ok (then events and return values are set).</summary>
public sealed record SystemCallResult(string? Error, ulong GasUsed, IReadOnlyList<ContractEvent> Events, IReadOnlyList<ContractArg> Returns)
{
    public bool Ok => Error is null;

    public static SystemCallResult Failed(string error) => new(error, 0, [], []);
}

/// <summary>Well-known addresses of the system contracts and of the system caller (consensus constants).</summary>
public static class SystemAddresses
{
    /// <summary>The caller of <see cref="ISystemContractCaller.SystemCall"/>: the zero address (no key can sign for it).</summary>
    public static readonly Address Caller = Address.Zero;

    /// <summary>The energy-trading contract, <c>0x00..0001</c>.</summary>
    public static readonly Address Trading = Fixed(1);

    /// <summary>The mining-reward contract, <c>0x00..0002</c>.</summary>
    public static readonly Address Reward = Fixed(2);

    /// <summary>The penalty contract, <c>0x00..0003</c>.</summary>
    public static readonly Address Penalty = Fixed(3);

    private static Address Fixed(byte id)
    {
        var bytes = new byte[Address.Size];
        bytes[^1] = id;
        return new Address(bytes);
    }
}
