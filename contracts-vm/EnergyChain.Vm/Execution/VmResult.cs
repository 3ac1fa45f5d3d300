namespace EnergyChain.Vm.Execution;

/// <summary>
/// The outcome of one call. Everything here is deterministic: two nodes running the same program with the same
/// inputs and host get equal results, including <see cref="GasUsed"/>. Any status other than Ok means the host
/// must roll back the call's state changes (the fee, <see cref="GasUsed"/>, is still charged).
/// </summary>
public sealed record VmResult(VmStatus Status, IReadOnlyList<VmValue> Stack, long GasUsed, VmFault Fault = VmFault.None, int AbortCode = 0)
{
    public bool Succeeded => Status == VmStatus.Ok;

    public bool Equals(VmResult? other) =>
        other is not null && Status == other.Status && GasUsed == other.GasUsed && Fault == other.Fault
        && AbortCode == other.AbortCode && Stack.SequenceEqual(other.Stack);

    public override int GetHashCode() => HashCode.Combine(Status, GasUsed, Fault, AbortCode, Stack.Count);

    public override string ToString() =>
        $"{Status} gas={GasUsed} fault={Fault} abort={AbortCode} stack=[{string.Join(", ", Stack)}]";
}
