using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Tests.Support;

namespace EnergyChain.Vm.Tests.Execution;

public sealed class HostTests
{
    [Fact]
    public void Counter_contract_counts_and_a_failed_call_is_rolled_back_by_the_host()
    {
        var program = VmHarness.Load(VmHarness.ContractSource("counter.ecasm"));
        var host = new TestHost();
        var engine = new VmEngine();

        Assert.Equal([VmValue.FromInt(5)], engine.Execute(program, 0, [VmValue.FromInt(5)], 10_000, host).Stack);
        Assert.Equal([VmValue.FromInt(7)], engine.Execute(program, 0, [VmValue.FromInt(2)], 10_000, host).Stack);
        host.Store.Commit();

        // The put succeeds, then gas runs out before ret: the host undoes the put.
        var checkpoint = host.Store.Checkpoint();
        var full = engine.Execute(program, 0, [VmValue.FromInt(1)], 10_000, host);
        host.Store.RollbackTo(checkpoint);
        var starved = engine.Execute(program, 0, [VmValue.FromInt(1)], full.GasUsed - 1, host);
        Assert.Equal(VmStatus.OutOfGas, starved.Status);
        host.Store.RollbackTo(checkpoint);
        Assert.Equal([VmValue.FromInt(7)], engine.Execute(program, 1, [], 10_000, host).Stack);

        var rejected = engine.Execute(program, 0, [VmValue.FromInt(0)], 10_000, host);
        Assert.Equal(VmStatus.Abort, rejected.Status);
        Assert.Equal(1, rejected.AbortCode);
    }

    [Fact]
    public void Fixed_point_split_never_leaks_a_unit()
    {
        var program = VmHarness.Load(VmHarness.ContractSource("fixedpoint.ecasm"));
        var engine = new VmEngine();
        foreach (var (total, ppm) in new[] { (1_000_001L, 333_333L), (7L, 500_000L), (long.MaxValue, 999_999L), (-5L, 500_000L) })
        {
            var r = engine.Execute(program, 1, [VmValue.FromInt(total), VmValue.FromInt(ppm)], 10_000);
            Assert.Equal(VmStatus.Ok, r.Status);
            Assert.Equal(total, r.Stack[0].Integer + r.Stack[1].Integer);
        }

        // 1000 at 10 % for 3 periods, floored each period: 1100, 1210, 1331.
        Assert.Equal(1331, engine.Execute(program, 2, [VmValue.FromInt(1000), VmValue.FromInt(100_000), VmValue.FromInt(3)], 10_000).Stack[0].Integer);
    }

    [Fact]
    public void A_syscall_without_a_host_faults() =>
        Assert.Equal(VmFault.UnknownSyscall, new VmEngine().Execute(VmHarness.Load("func main 0 0 1 0\n syscall 4 0 0\n ret"), 0, [], 100).Fault);

    [Fact]
    public void A_signature_mismatch_faults_instead_of_throwing()
    {
        var program = VmHarness.Load("func main 0 0 2 0\n push 1\n syscall 1 1 0\n ret");
        Assert.Equal(VmFault.BadSyscallSignature, new VmEngine().Execute(program, 0, [], 100, new LeavesArguments()).Fault);
        var pushes = VmHarness.Load("func main 0 0 2 0\n syscall 1 0 0\n ret");
        Assert.Equal(VmFault.BadSyscallSignature, new VmEngine().Execute(pushes, 0, [], 100, new PushesTooMuch()).Fault);
        var declaredWrong = VmHarness.Load("func main 0 0 2 0\n syscall 5 0 0\n ret");
        Assert.Equal(VmFault.BadSyscallSignature, new VmEngine().Execute(declaredWrong, 0, [], 100, new TestHost()).Fault);
    }

    [Fact]
    public void Arguments_are_checked_against_the_function()
    {
        var program = VmHarness.Load("func main 1 0 1 1\n ldloc 0\n ret");
        Assert.Throws<ArgumentException>(() => new VmEngine().Execute(program, 0, [], 100));
        var bytes = new VmEngine().Execute(program, 0, [VmValue.FromBytes([1, 2])], 100);
        Assert.Equal([VmValue.FromBytes([1, 2])], bytes.Stack);
    }

    private sealed class LeavesArguments : IVmHost
    {
        public long GasCost(ushort id, VmStack args) => 1;

        public SyscallStatus Syscall(ushort id, VmStack stack) => SyscallStatus.Ok;
    }

    private sealed class PushesTooMuch : IVmHost
    {
        public long GasCost(ushort id, VmStack args) => 1;

        public SyscallStatus Syscall(ushort id, VmStack stack)
        {
            stack.PushInt(1);
            return SyscallStatus.Ok;
        }
    }
}
