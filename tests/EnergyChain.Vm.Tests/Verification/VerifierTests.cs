using EnergyChain.Vm.Bytecode;
using EnergyChain.Vm.Tests.Support;
using EnergyChain.Vm.Verification;

namespace EnergyChain.Vm.Tests.Verification;

public sealed class VerifierTests
{
    [Fact]
    public void Rejects_a_jump_into_the_middle_of_an_instruction()
    {
        // jmp +1 lands on its own operand.
        var error = LoadRaw(Function(0, 0, 0, 4, Op(OpCode.Jmp, 1), Op(OpCode.Ret)));
        Assert.Equal(VmLoadErrorCode.BadJumpTarget, error.Code);
    }

    [Fact]
    public void Rejects_a_jump_outside_the_function()
    {
        Assert.Equal(VmLoadErrorCode.BadJumpTarget, LoadRaw(Function(0, 0, 0, 4, Op(OpCode.Jmp, 1000), Op(OpCode.Ret))).Code);
        Assert.Equal(VmLoadErrorCode.BadJumpTarget, LoadRaw(Function(0, 0, 0, 4, Op(OpCode.Ret), Op(OpCode.Jmp, -2))).Code);
    }

    [Fact]
    public void Rejects_stack_underflow() =>
        Assert.Equal(VmLoadErrorCode.StackUnderflow, VmHarness.Reject("func main 0 0 4 0\n push 1\n add\n ret").Code);

    [Fact]
    public void Rejects_exceeding_the_declared_max_stack() =>
        Assert.Equal(VmLoadErrorCode.StackOverflow, VmHarness.Reject("func main 0 0 2 0\n push 1\n push 2\n push 3\n abort 0").Code);

    [Fact]
    public void Rejects_inconsistent_heights_at_a_join() =>
        Assert.Equal(VmLoadErrorCode.InconsistentStackHeight,
            VmHarness.Reject("func main 0 0 4 0\n push 1\n jz join\n push 5\njoin:\n abort 0").Code);

    [Fact]
    public void Rejects_inconsistent_heights_around_a_loop() =>
        Assert.Equal(VmLoadErrorCode.InconsistentStackHeight,
            VmHarness.Reject("func main 0 0 8 0\nloop:\n push 1\n jmp loop").Code);

    [Fact]
    public void Rejects_a_path_that_runs_off_the_end() =>
        Assert.Equal(VmLoadErrorCode.MissingReturn, VmHarness.Reject("func main 0 0 4 0\n push 1\n jz out\n ret\nout:\n nop").Code);

    [Fact]
    public void Rejects_an_empty_function() =>
        Assert.Equal(VmLoadErrorCode.MissingReturn, LoadRaw(Function(0, 0, 0, 4)).Code);

    [Fact]
    public void Rejects_ret_with_the_wrong_number_of_values() =>
        Assert.Equal(VmLoadErrorCode.BadReturnHeight, VmHarness.Reject("func main 0 0 4 1\n push 1\n push 2\n ret").Code);

    [Fact]
    public void Rejects_a_call_without_enough_arguments() =>
        Assert.Equal(VmLoadErrorCode.StackUnderflow,
            VmHarness.Reject("func main 0 0 4 1\n push 1\n call two\n ret\nfunc two 2 0 2 1\n ldloc 0\n ret").Code);

    [Fact]
    public void Rejects_a_call_to_a_missing_function() =>
        Assert.Equal(VmLoadErrorCode.BadCallTarget, LoadRaw(Function(0, 0, 0, 4, Op(OpCode.Call, 5), Op(OpCode.Ret))).Code);

    [Fact]
    public void Rejects_oversized_code()
    {
        var body = string.Concat(Enumerable.Repeat(" nop\n", 200));
        var limits = VmLimits.Default with { MaxCodeSize = 100 };
        Assert.Equal(VmLoadErrorCode.CodeTooLarge, VmHarness.Reject("func main 0 0 1 0\n" + body + " ret", limits).Code);
    }

    [Fact]
    public void Rejects_unknown_opcodes_and_cut_operands()
    {
        Assert.Equal(VmLoadErrorCode.UnknownOpcode, LoadRaw(Function(0, 0, 0, 4, [0xFF], Op(OpCode.Ret))).Code);
        Assert.Equal(VmLoadErrorCode.BadOperand, LoadRaw(Function(0, 0, 0, 4, Op(OpCode.Ret), [(byte)OpCode.PushI64, 1, 2])).Code);
    }

    [Fact]
    public void Rejects_bad_locals_and_constants()
    {
        Assert.Equal(VmLoadErrorCode.BadLocal, VmHarness.Reject("func main 1 1 4 0\n ldloc 2\n drop\n ret").Code);
        Assert.Equal(VmLoadErrorCode.BadConstant, VmHarness.Reject("func main 0 0 4 0\n pushb #3\n drop\n ret").Code);
    }

    [Fact]
    public void Accepts_loops_calls_and_unreachable_code()
    {
        var program = VmHarness.Load("func main 0 1 4 1\n push 3\n stloc 0\nloop:\n ldloc 0\n push 1\n sub\n dup\n stloc 0\n jnz loop\n ldloc 0\n call id\n ret\n add\nfunc id 1 0 1 1\n ldloc 0\n ret");
        Assert.Equal(2, program.FunctionCount);
    }

    private static VmLoadError LoadRaw(VmFunction function)
    {
        var bytes = ModuleCodec.Encode(new VmModule(ModuleCodec.CurrentVersion, [], [function]));
        Assert.False(ContractProgram.TryLoad(bytes, VmLimits.Default, out _, out var error));
        return error!;
    }

    private static VmFunction Function(byte parameters, byte locals, byte returns, ushort maxStack, params byte[][] code) =>
        new(parameters, locals, returns, maxStack, code.SelectMany(c => c).ToArray());

    private static byte[] Op(OpCode op, long operand = 0)
    {
        var code = new List<byte>();
        InstructionReader.Write(code, op, operand);
        return [.. code];
    }
}
