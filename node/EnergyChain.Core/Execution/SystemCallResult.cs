using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

/// <summary>What a system call did: null <see cref="Error"/> when it ended Ok (then events and return values are set).</summary>
public sealed record SystemCallResult(string? Error, ulong GasUsed, IReadOnlyList<ContractEvent> Events, IReadOnlyList<ContractArg> Returns)
{
    public bool Ok => Error is null;

    public static SystemCallResult Failed(string error) => new(error, 0, [], []);
}
