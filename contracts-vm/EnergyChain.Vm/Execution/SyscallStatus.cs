namespace EnergyChain.Vm.Execution;

public enum SyscallStatus
{
    Ok,
    /// <summary>The program passed bad arguments (wrong type, out of range): the call faults with SyscallFailed.</summary>
    Fault,
}
