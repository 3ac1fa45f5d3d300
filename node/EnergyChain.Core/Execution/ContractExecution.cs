namespace EnergyChain.Core.Execution;

/// <summary>Result of <see cref="IContractRuntime.Execute"/>: a rejection (no writes), or the charged gas fee and a receipt.</summary>
public sealed record ContractExecution(TxRejection? Rejection, ulong GasFee, ContractReceipt? Receipt)
{
    public static ContractExecution Reject(TxError error, string message) => new(new TxRejection(error, message), 0, null);
}
