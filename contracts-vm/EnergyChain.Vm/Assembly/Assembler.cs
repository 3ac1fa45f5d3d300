using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Assembly;

/// <summary>
/// Turns <c>.ecasm</c> text into a module. Syntax, one statement per line, <c>;</c> starts a comment:
/// <code>
/// const "name"                              ; append to the constant pool (optional; pushb adds on first use)
/// func main 0 2 4 1                         ; name params locals maxstack [returns, default 0]
/// loop:                                     ; label, local to the function
///     push 10                               ; smallest push.i8/i32/i64 that fits; or push.i64 10 to force
///     pushb "text" | pushb 0xC0FFEE | pushb #3
///     jnz loop | call other | syscall 7 2 1 | abort 42
/// </code>
/// The first function is the entry by convention. Output does not depend on anything but the text.
/// </summary>
public static class Assembler
{
    public static byte[] AssembleBytes(string source) => ModuleCodec.Encode(Assemble(source));

    public static VmModule Assemble(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var statements = new List<(int Line, List<string> Tokens)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var tokens = Tokenize(lines[i], i + 1);
            if (tokens.Count > 0)
            {
                statements.Add((i + 1, tokens));
            }
        }

        // First pass: function names, so calls may point forward.
        var functionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, tokens) in statements)
        {
            if (IsKeyword(tokens[0], "func"))
            {
                if (tokens.Count < 2 || !functionIndex.TryAdd(tokens[1], functionIndex.Count))
                {
                    throw new AssemblyException(line, "func needs a new, unique name");
                }
            }
        }

        var constants = new List<byte[]>();
        var functions = new List<VmFunction>();
        FunctionBuilder? current = null;
        foreach (var (line, tokens) in statements)
        {
            var head = tokens[0];
            if (IsKeyword(head, "const"))
            {
                Expect(tokens, 2, line);
                constants.Add(ParseBytes(tokens[1], line));
                continue;
            }

            if (IsKeyword(head, "func"))
            {
                if (current is not null)
                {
                    functions.Add(current.Build());
                }

                if (tokens.Count is not (5 or 6))
                {
                    throw new AssemblyException(line, "expected: func name params locals maxstack [returns]");
                }

                current = new FunctionBuilder(
                    (byte)ParseRange(tokens[2], 0, 255, line),
                    (byte)ParseRange(tokens[3], 0, 255, line),
                    (ushort)ParseRange(tokens[4], 0, ushort.MaxValue, line),
                    tokens.Count == 6 ? (byte)ParseRange(tokens[5], 0, 255, line) : (byte)0);
                continue;
            }

            if (current is null)
            {
                throw new AssemblyException(line, "instruction outside a function");
            }

            var rest = tokens;
            while (rest.Count > 0 && rest[0].EndsWith(':'))
            {
                var label = rest[0][..^1];
                if (label.Length == 0 || !current.Labels.TryAdd(label, current.Items.Count))
                {
                    throw new AssemblyException(line, $"bad or duplicate label '{label}'");
                }

                rest = rest.GetRange(1, rest.Count - 1);
            }

            if (rest.Count > 0)
            {
                current.Items.Add(ParseInstruction(rest, line, functionIndex, constants));
            }
        }

        if (current is not null)
        {
            functions.Add(current.Build());
        }

        if (functions.Count == 0)
        {
            throw new AssemblyException("no functions");
        }

        return new VmModule(ModuleCodec.CurrentVersion, constants, functions);
    }

    private static Item ParseInstruction(List<string> tokens, int line, Dictionary<string, int> functions, List<byte[]> constants)
    {
        var mnemonic = tokens[0];
        if (IsKeyword(mnemonic, "push"))
        {
            Expect(tokens, 2, line);
            var v = ParseInt(tokens[1], line);
            var op = v is >= sbyte.MinValue and <= sbyte.MaxValue ? OpCode.PushI8
                : v is >= int.MinValue and <= int.MaxValue ? OpCode.PushI32 : OpCode.PushI64;
            return new Item(line, op, v);
        }

        if (!OpInfo.TryParseMnemonic(mnemonic, out var opcode))
        {
            throw new AssemblyException(line, $"unknown instruction '{mnemonic}'");
        }

        switch (OpInfo.Operand(opcode))
        {
            case OperandKind.None:
                Expect(tokens, 1, line);
                return new Item(line, opcode, 0);
            case OperandKind.I8:
                Expect(tokens, 2, line);
                return new Item(line, opcode, ParseRange(tokens[1], sbyte.MinValue, sbyte.MaxValue, line));
            case OperandKind.I32:
                Expect(tokens, 2, line);
                return new Item(line, opcode, ParseRange(tokens[1], int.MinValue, int.MaxValue, line));
            case OperandKind.I64:
                Expect(tokens, 2, line);
                return new Item(line, opcode, ParseInt(tokens[1], line));
            case OperandKind.U8:
                Expect(tokens, 2, line);
                return new Item(line, opcode, ParseRange(tokens[1], 0, 255, line));
            case OperandKind.Rel32:
                Expect(tokens, 2, line);
                return new Item(line, opcode, 0, Label: tokens[1]);
            case OperandKind.Syscall:
                Expect(tokens, 4, line);
                return new Item(line, opcode, ParseRange(tokens[1], 0, ushort.MaxValue, line),
                    (byte)ParseRange(tokens[2], 0, 255, line), (byte)ParseRange(tokens[3], 0, 255, line));
            default:
                Expect(tokens, 2, line);
                if (opcode == OpCode.Call)
                {
                    return functions.TryGetValue(tokens[1], out var f)
                        ? new Item(line, opcode, f)
                        : throw new AssemblyException(line, $"unknown function '{tokens[1]}'");
                }

                if (opcode == OpCode.PushBytes)
                {
                    return new Item(line, opcode, ConstantIndex(tokens[1], line, constants));
                }

                return new Item(line, opcode, ParseRange(tokens[1], 0, ushort.MaxValue, line));
        }
    }

    private static long ConstantIndex(string token, int line, List<byte[]> constants)
    {
        if (token.StartsWith('#'))
        {
            return ParseRange(token[1..], 0, ushort.MaxValue, line);
        }

        var value = ParseBytes(token, line);
        var index = constants.FindIndex(c => c.AsSpan().SequenceEqual(value));
        if (index >= 0)
        {
            return index;
        }

        constants.Add(value);
        return constants.Count - 1;
    }

    private static List<string> Tokenize(string line, int number)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == ';')
            {
                break;
            }

            var start = i;
            if (c == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    i += line[i] == '\\' ? 2 : 1;
                }

                if (i >= line.Length)
                {
                    throw new AssemblyException(number, "unterminated string");
                }

                i++;
            }
            else
            {
                while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] != ';')
                {
                    i++;
                }
            }

            tokens.Add(line[start..i]);
        }

        return tokens;
    }

    private static bool IsKeyword(string token, string keyword) => string.Equals(token, keyword, StringComparison.OrdinalIgnoreCase);

    private static void Expect(List<string> tokens, int count, int line)
    {
        if (tokens.Count != count)
        {
            throw new AssemblyException(line, $"'{tokens[0]}' takes {count - 1} operand(s), got {tokens.Count - 1}");
        }
    }

    private static long ParseInt(string token, int line) =>
        Literals.TryParseInt(token, out var v) ? v : throw new AssemblyException(line, $"bad integer '{token}'");

    private static long ParseRange(string token, long min, long max, int line)
    {
        var v = ParseInt(token, line);
        return v >= min && v <= max ? v : throw new AssemblyException(line, $"{v} outside [{min}, {max}]");
    }

    private static byte[] ParseBytes(string token, int line) =>
        Literals.TryParseBytes(token, out var v) ? v : throw new AssemblyException(line, $"bad byte string '{token}'");

    private sealed record Item(int Line, OpCode Op, long Operand, byte Args = 0, byte Results = 0, string? Label = null);

    private sealed class FunctionBuilder(byte parameters, byte locals, ushort maxStack, byte returns)
    {
        public List<Item> Items { get; } = [];

        public Dictionary<string, int> Labels { get; } = new(StringComparer.Ordinal);

        public VmFunction Build()
        {
            // Fixed-width operands: offsets are known before labels are resolved.
            var offsets = new int[Items.Count + 1];
            for (var i = 0; i < Items.Count; i++)
            {
                offsets[i + 1] = offsets[i] + 1 + OpInfo.OperandSize(OpInfo.Operand(Items[i].Op));
            }

            var code = new List<byte>(offsets[^1]);
            for (var i = 0; i < Items.Count; i++)
            {
                var item = Items[i];
                var operand = item.Operand;
                if (item.Label is not null)
                {
                    if (!Labels.TryGetValue(item.Label, out var target) || target >= Items.Count)
                    {
                        throw new AssemblyException(item.Line, $"unknown label '{item.Label}' (or label after the last instruction)");
                    }

                    operand = offsets[target] - offsets[i];
                }

                InstructionReader.Write(code, item.Op, operand, item.Args, item.Results);
            }

            return new VmFunction(parameters, locals, returns, maxStack, [.. code]);
        }
    }
}
