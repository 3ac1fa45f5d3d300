namespace EnergyChain.Vm.Execution;

/// <summary>
/// What the chain offers a contract: storage, balances, transfers, height, the chain seed, events. The VM knows
/// only numbers; the meaning of each id belongs to the host binding. A host must itself be deterministic, and it
/// owns rollback: when a call ends in anything but <see cref="VmStatus.Ok"/>, the host discards the state changes
/// it made during the call (see <see cref="EnergyChain.Vm.Host.JournaledStore"/>).
/// </summary>
public interface IVmHost
{
    /// <summary>
    /// Gas for syscall <paramref name="id"/>, charged before it runs; <paramref name="args"/> may be peeked at to
    /// price by size. Return a negative number for an unknown id (the call faults with UnknownSyscall).
    /// </summary>
    long GasCost(ushort id, VmStack args);

    /// <summary>
    /// Runs syscall <paramref name="id"/>: pop every argument, then push the results. If the counts differ from
    /// the ones the instruction declares, the call faults with BadSyscallSignature (a program that declared the
    /// wrong signature and a host that miscounts look the same from here, and neither may crash the node).
    /// </summary>
    SyscallStatus Syscall(ushort id, VmStack stack);
}
