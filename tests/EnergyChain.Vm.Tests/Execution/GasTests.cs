using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Tests.Support;

namespace EnergyChain.Vm.Tests.Execution;

public sealed class GasTests
{
    // Each iteration: ldloc, push, add, stloc, jmp = 5 gas.
    private const string Loop = "func main 0 1 3 0\nloop:\n ldloc 0\n push 1\n add\n stloc 0\n jmp loop";

    [Theory]
    [InlineData(1)]
    [InlineData(1003)]
    [InlineData(100_000)]
    public void Out_of_gas_mid_loop_reports_exactly_the_limit(long limit)
    {
        var result = VmHarness.Run(Loop, limit);
        Assert.Equal(VmStatus.OutOfGas, result.Status);
        Assert.Equal(limit, result.GasUsed);
        Assert.Empty(result.Stack);
    }

    [Fact]
    public void A_limit_equal_to_the_cost_is_enough_and_one_less_is_not()
    {
        const string program = "func main 0 0 2 1\n push 2\n push 3\n mul\n ret"; // 1 + 1 + 2 + 2
        Assert.Equal(VmStatus.Ok, VmHarness.Run(program, 6).Status);
        var tooLittle = VmHarness.Run(program, 5);
        Assert.Equal(VmStatus.OutOfGas, tooLittle.Status);
        Assert.Equal(5, tooLittle.GasUsed);
    }

    [Fact]
    public void Zero_gas_runs_nothing() =>
        Assert.Equal(new VmResult(VmStatus.OutOfGas, [], 0), VmHarness.Run("func main 0 0 1 0\n ret", 0));

    [Fact]
    public void Per_byte_gas_running_out_reports_the_limit()
    {
        // cat of two 64-byte strings: base 2 + 4 words; give it only the base.
        var program = "func main 0 0 2 1\n pushb 0x" + new string('A', 128) + "\n dup\n cat\n ret";
        var result = VmHarness.Run(program, 2 + 1 + 2 + 1);
        Assert.Equal(VmStatus.OutOfGas, result.Status);
        Assert.Equal(6, result.GasUsed);
        Assert.Equal(VmStatus.Ok, VmHarness.Run(program, 2 + 1 + 2 + 4 + 2).Status);
    }

    [Fact]
    public void The_instruction_cap_stops_a_loop_even_with_gas_to_spare()
    {
        var limits = VmLimits.Default with { MaxInstructionsPerCall = 1000 };
        var result = new VmEngine(limits).Execute(VmHarness.Load(Loop), 0, [], long.MaxValue);
        Assert.Equal(VmFault.InstructionLimitExceeded, result.Fault);
        Assert.Equal(1000, result.GasUsed);
    }

    [Fact]
    public void Memory_limit_counts_every_allocation()
    {
        var limits = VmLimits.Default with { MaxMemoryBytes = 1000 };
        var program = VmHarness.Load("func main 0 0 3 0\n pushb 0x" + new string('B', 200) + "\nloop:\n dup\n dup\n cat\n drop\n jmp loop");
        var result = new VmEngine(limits).Execute(program, 0, [], 1_000_000);
        Assert.Equal(VmFault.MemoryLimitExceeded, result.Fault);
    }

    [Fact]
    public void Deep_recursion_hits_the_stack_limit_before_the_call_limit()
    {
        var limits = VmLimits.Default with { MaxStackDepth = 100, MaxCallDepth = 1000 };
        var program = VmHarness.Load("func main 0 10 4 0\n call main\n ret", limits);
        var result = new VmEngine(limits).Execute(program, 0, [], 1_000_000);
        Assert.Equal(VmFault.StackOverflow, result.Fault);
    }
}
