using System.Globalization;
using System.Text;
using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Assembly;

/// <summary>
/// Prints a module as <c>.ecasm</c> that assembles back to the same bytes: the whole constant pool is listed in
/// order, every push keeps its encoding width, functions are named f0, f1, ... and jump targets get labels
/// L&lt;offset&gt;. Needs well-formed instructions and in-range jumps (anything the verifier accepted).
/// </summary>
public static class Disassembler
{
    public static string Disassemble(VmModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"; EnergyChain VM module, version {module.Version}\n");
        foreach (var c in module.Constants)
        {
            sb.Append("const ").Append(Literals.FormatBytes(c)).Append('\n');
        }

        var raw = new List<RawInstruction>();
        for (var f = 0; f < module.Functions.Count; f++)
        {
            var fn = module.Functions[f];
            sb.Append(CultureInfo.InvariantCulture, $"\nfunc f{f} {fn.Params} {fn.Locals} {fn.MaxStack} {fn.Returns}\n");
            raw.Clear();
            if (!InstructionReader.TryRead(fn.Code, raw, out var error, f))
            {
                throw new ArgumentException($"cannot disassemble: {error}", nameof(module));
            }

            var targets = new SortedSet<long>();
            foreach (var r in raw)
            {
                if (OpInfo.Operand(r.Op) == OperandKind.Rel32)
                {
                    targets.Add(r.Offset + r.Operand);
                }
            }

            foreach (var r in raw)
            {
                if (targets.Contains(r.Offset))
                {
                    sb.Append(CultureInfo.InvariantCulture, $"L{r.Offset}:\n");
                }

                sb.Append("    ").Append(Format(r, module)).Append('\n');
            }

            if (targets.Any(t => t < 0 || t >= fn.Code.Length || raw.All(r => r.Offset != t)))
            {
                throw new ArgumentException($"function {f} jumps outside its instructions", nameof(module));
            }
        }

        return sb.ToString();
    }

    private static string Format(RawInstruction r, VmModule module)
    {
        var name = OpInfo.Mnemonic(r.Op);
        var inv = CultureInfo.InvariantCulture;
        switch (r.Op)
        {
            case OpCode.PushI8:
            case OpCode.PushI32:
            case OpCode.PushI64:
                var smallest = r.Operand is >= sbyte.MinValue and <= sbyte.MaxValue ? OpCode.PushI8
                    : r.Operand is >= int.MinValue and <= int.MaxValue ? OpCode.PushI32 : OpCode.PushI64;
                return string.Create(inv, $"{(smallest == r.Op ? "push" : name)} {r.Operand}");
            case OpCode.PushBytes:
                var index = (int)r.Operand;
                if (index < module.Constants.Count)
                {
                    var value = module.Constants[index];
                    var first = -1;
                    for (var i = 0; i < module.Constants.Count && first < 0; i++)
                    {
                        first = module.Constants[i].AsSpan().SequenceEqual(value) ? i : -1;
                    }

                    if (first == index)
                    {
                        return $"{name} {Literals.FormatBytes(value)}";
                    }
                }

                return string.Create(inv, $"{name} #{index}");
            case OpCode.Call:
                return string.Create(inv, $"{name} f{r.Operand}");
            case OpCode.Jmp:
            case OpCode.Jz:
            case OpCode.Jnz:
                return string.Create(inv, $"{name} L{r.Offset + r.Operand}");
            case OpCode.Syscall:
                return string.Create(inv, $"{name} {r.Operand} {r.Args} {r.Results}");
            default:
                return OpInfo.Operand(r.Op) == OperandKind.None ? name : string.Create(inv, $"{name} {r.Operand}");
        }
    }
}
