using EnergyChain.Vm.Assembly;
using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Tests.Bytecode;

public sealed class ModuleCodecTests
{
    private static readonly byte[] Sample = Assembler.AssembleBytes("const \"k\"\nfunc main 0 1 4 1\n pushb \"k\"\n len\n ret\nfunc other 2 0 2 0\n ret");

    [Fact]
    public void Decode_then_encode_gives_the_same_bytes()
    {
        Assert.True(ModuleCodec.TryDecode(Sample, VmLimits.Default, out var module, out var error), error?.ToString());
        Assert.Equal(Sample, ModuleCodec.Encode(module!));
        Assert.Equal(2, module!.Functions.Count);
    }

    [Fact]
    public void Every_truncation_is_a_typed_error()
    {
        for (var n = 0; n < Sample.Length; n++)
        {
            Assert.False(ModuleCodec.TryDecode(Sample.AsSpan(0, n), VmLimits.Default, out _, out var error));
            Assert.NotNull(error);
        }
    }

    [Fact]
    public void Trailing_bytes_are_rejected() =>
        Assert.Equal(VmLoadErrorCode.TrailingBytes, Decode([.. Sample, 0]));

    [Fact]
    public void Bad_magic_and_unknown_version_are_rejected()
    {
        var badMagic = Sample.ToArray();
        badMagic[0] = (byte)'X';
        Assert.Equal(VmLoadErrorCode.BadMagic, Decode(badMagic));

        var v2 = Sample.ToArray();
        v2[4] = 2;
        Assert.Equal(VmLoadErrorCode.UnknownVersion, Decode(v2));
    }

    [Fact]
    public void A_length_past_the_end_is_rejected()
    {
        var bytes = Sample.ToArray();
        bytes[7] = 0xFF; // first constant's length
        Assert.Equal(VmLoadErrorCode.BadLength, Decode(bytes));
    }

    [Fact]
    public void A_module_needs_a_function() =>
        Assert.Equal(VmLoadErrorCode.NoFunctions, Decode(ModuleCodec.Encode(new VmModule(1, [], []))));

    private static VmLoadErrorCode Decode(byte[] bytes)
    {
        Assert.False(ModuleCodec.TryDecode(bytes, VmLimits.Default, out _, out var error));
        return error!.Code;
    }
}
