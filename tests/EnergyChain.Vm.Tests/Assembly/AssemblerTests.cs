using EnergyChain.Vm.Assembly;
using EnergyChain.Vm.Bytecode;
using EnergyChain.Vm.Tests.Support;

namespace EnergyChain.Vm.Tests.Assembly;

public sealed class AssemblerTests
{
    public static TheoryData<string> Samples() => new(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Contracts"), "*.ecasm")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_contracts_verify_and_round_trip(string name)
    {
        var source = VmHarness.ContractSource(name);
        VmHarness.Load(source);
        AssertRoundTrip(source);
    }

    [Fact]
    public void Round_trip_keeps_push_widths_duplicate_constants_and_odd_bytes()
    {
        AssertRoundTrip("""
            const "dup"
            const "dup"
            const 0x00FF3B22
            func main 0 0 4 1
                push.i64 1          ; wide on purpose
                push.i32 -1
                pushb #1
                pushb 0x00FF3B22
                pushb "a;b"         ; a semicolon inside a string is not a comment
                pushb ""
                drop
                drop
                drop
                drop
                drop
                syscall 65535 0 0
                jmp end
            end: ret
            """);
    }

    [Fact]
    public void Push_picks_the_smallest_encoding()
    {
        var fn = Assembler.Assemble("func main 0 0 3 0\n push 127\n push 128\n push 0x100000000\n abort 0").Functions[0];
        Assert.Equal((byte)OpCode.PushI8, fn.Code[0]);
        Assert.Equal((byte)OpCode.PushI32, fn.Code[2]);
        Assert.Equal((byte)OpCode.PushI64, fn.Code[7]);
    }

    [Theory]
    [InlineData("func main 0 0 1 0\n frobnicate\n ret", 2)]
    [InlineData("func main 0 0 1 0\n jmp nowhere\n ret", 2)]
    [InlineData("func main 0 0 1 0\n push.i8 300\n ret", 2)]
    [InlineData("func main 0 0 1 0\n call ghost\n ret", 2)]
    [InlineData("push 1", 1)]
    [InlineData("func main 0 0\n ret", 1)]
    [InlineData("func main 0 0 1 0\n pushb \"open\n ret", 2)]
    public void Errors_name_the_line(string source, int line) =>
        Assert.Equal(line, Assert.Throws<AssemblyException>(() => Assembler.Assemble(source)).Line);

    private static void AssertRoundTrip(string source)
    {
        var bytes = Assembler.AssembleBytes(source);
        Assert.True(ModuleCodec.TryDecode(bytes, VmLimits.Default, out var module, out _));
        var text = Disassembler.Disassemble(module!);
        Assert.Equal(bytes, Assembler.AssembleBytes(text));
        Assert.Equal(text, Disassembler.Disassemble(Assembler.Assemble(text)));
    }
}
