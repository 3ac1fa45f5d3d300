using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

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
