using EnergyChain.Vm.Verification;

namespace EnergyChain.Vm.Execution;

/// <summary>The host boundary: price, run, then check the call matched the signature the instruction declared.</summary>
public sealed partial class VmEngine
{
    private VmFault Syscall(ref Instruction ins, IVmHost? host, ref int sp, ref long gas, long gasLimit, ref long memory)
    {
        if (host is null)
        {
            return VmFault.UnknownSyscall;
        }

        var id = (ushort)ins.A;
        var view = _syscallStack;
        view.Open(_ints, _refs, sp, ins.Args, ins.Results, _limits.MaxMemoryBytes - memory, _limits.MaxByteStringSize);
        var cost = host.GasCost(id, view);
        if (cost < 0)
        {
            return VmFault.UnknownSyscall;
        }

        if (!Charge(ref gas, gasLimit, cost))
        {
            return OutOfGasSignal;
        }

        var status = host.Syscall(id, view);
        if (status != SyscallStatus.Ok)
        {
            return VmFault.SyscallFailed;
        }

        // The program states the signature in the instruction; the host knows the real one. A mismatch is the
        // program's fault (it was verified against what it declared), so it must not throw.
        if (view.SignatureMismatch || view.Count != 0 || view.Pushed != ins.Results)
        {
            return VmFault.BadSyscallSignature;
        }

        if (view.MemoryExceeded)
        {
            return VmFault.MemoryLimitExceeded;
        }

        memory += view.MemoryUsed;
        sp = view.Top;
        return VmFault.None;
    }
}
