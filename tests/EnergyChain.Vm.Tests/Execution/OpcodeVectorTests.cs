using System.Text.Json;
using EnergyChain.Vm.Assembly;
using EnergyChain.Vm.Bytecode;
using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Tests.Support;

namespace EnergyChain.Vm.Tests.Execution;

/// <summary>
/// neo-vm style vectors in Vectors/*.json: a script, an optional gas limit, and the expected status, stack
/// (integers as numbers, byte strings as "0x.." hex), fault or abort code, and exact gas used.
/// </summary>
public sealed class OpcodeVectorTests
{
    private static string VectorDir => Path.Combine(AppContext.BaseDirectory, "Vectors");

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var (id, _) in LoadAll())
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_runs_as_recorded(string id)
    {
        var vector = LoadAll().Single(v => v.Id == id).Vector;
        var source = string.Join('\n', vector.GetProperty("script").EnumerateArray().Select(l => l.GetString()));
        var gasLimit = vector.TryGetProperty("gasLimit", out var g) ? g.GetInt64() : 1_000_000;
        var expect = vector.GetProperty("expect");

        var result = VmHarness.Run(source, gasLimit);
        var again = VmHarness.Run(source, gasLimit);

        Assert.Equal(result, again);
        Assert.Equal(Enum.Parse<VmStatus>(expect.GetProperty("status").GetString()!), result.Status);
        Assert.Equal(expect.GetProperty("gas").GetInt64(), result.GasUsed);
        if (expect.TryGetProperty("stack", out var stack))
        {
            var expected = stack.EnumerateArray().Select(ToValue).ToArray();
            Assert.Equal(expected, result.Stack);
        }

        if (expect.TryGetProperty("fault", out var fault))
        {
            Assert.Equal(Enum.Parse<VmFault>(fault.GetString()!), result.Fault);
        }

        if (expect.TryGetProperty("abortCode", out var code))
        {
            Assert.Equal(code.GetInt32(), result.AbortCode);
        }
    }

    [Fact]
    public void Every_opcode_appears_in_some_vector()
    {
        var seen = new HashSet<OpCode>();
        var raw = new List<RawInstruction>();
        foreach (var (_, vector) in LoadAll())
        {
            var source = string.Join('\n', vector.GetProperty("script").EnumerateArray().Select(l => l.GetString()));
            foreach (var fn in Assembler.Assemble(source).Functions)
            {
                raw.Clear();
                Assert.True(InstructionReader.TryRead(fn.Code, raw, out _));
                seen.UnionWith(raw.Select(r => r.Op));
            }
        }

        var missing = OpInfo.All.Where(op => !seen.Contains(op)).ToArray();
        Assert.True(missing.Length == 0, "no vector for: " + string.Join(", ", missing));
    }

    private static VmValue ToValue(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number
            ? VmValue.FromInt(e.GetInt64())
            : VmValue.FromBytes(Convert.FromHexString(e.GetString()![2..]));

    private static IEnumerable<(string Id, JsonElement Vector)> LoadAll()
    {
        foreach (var file in Directory.EnumerateFiles(VectorDir, "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var v in doc.RootElement.EnumerateArray())
            {
                yield return ($"{Path.GetFileNameWithoutExtension(file)}/{v.GetProperty("name").GetString()}", v.Clone());
            }
        }
    }
}
