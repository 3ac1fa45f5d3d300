namespace EnergyChain.Core.Execution;

/// <summary>How a contract call ended. Numbers are stable (receipts, API).</summary>
public enum ContractStatus : byte
{
    Ok = 0,
    Fault = 1,
    OutOfGas = 2,
    Abort = 3,
}
