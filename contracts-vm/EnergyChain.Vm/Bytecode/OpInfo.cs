namespace EnergyChain.Vm.Bytecode;

/// <summary>
/// The static facts about each opcode, indexed by its byte: mnemonic, operand layout, stack effect and base gas.
/// The verifier, interpreter, assembler and disassembler all read this one table so they cannot disagree.
/// </summary>
public static class OpInfo
{
    private static readonly string?[] Mnemonics = new string?[256];
    private static readonly OperandKind[] Operands = new OperandKind[256];
    private static readonly sbyte[] PopCounts = new sbyte[256];
    private static readonly sbyte[] PushCounts = new sbyte[256];
    private static readonly int[] BaseGas = new int[256];

    static OpInfo()
    {
        Def(OpCode.Nop, "nop", OperandKind.None, 0, 0, 1);
        Def(OpCode.PushI8, "push.i8", OperandKind.I8, 0, 1, 1);
        Def(OpCode.PushI32, "push.i32", OperandKind.I32, 0, 1, 1);
        Def(OpCode.PushI64, "push.i64", OperandKind.I64, 0, 1, 1);
        Def(OpCode.PushBytes, "pushb", OperandKind.U16, 0, 1, 2);
        Def(OpCode.Dup, "dup", OperandKind.None, 1, 2, 1);
        Def(OpCode.Swap, "swap", OperandKind.None, 2, 2, 1);
        Def(OpCode.Drop, "drop", OperandKind.None, 1, 0, 1);
        // pick n pops nothing but reads n+1 deep; the verifier special-cases the depth.
        Def(OpCode.Pick, "pick", OperandKind.U8, 0, 1, 1);
        Def(OpCode.LdLoc, "ldloc", OperandKind.U8, 0, 1, 1);
        Def(OpCode.StLoc, "stloc", OperandKind.U8, 1, 0, 1);
        Def(OpCode.Add, "add", OperandKind.None, 2, 1, 1);
        Def(OpCode.Sub, "sub", OperandKind.None, 2, 1, 1);
        Def(OpCode.Mul, "mul", OperandKind.None, 2, 1, 2);
        Def(OpCode.Div, "div", OperandKind.None, 2, 1, 3);
        Def(OpCode.Mod, "mod", OperandKind.None, 2, 1, 3);
        Def(OpCode.Neg, "neg", OperandKind.None, 1, 1, 1);
        Def(OpCode.MulDiv, "muldiv", OperandKind.None, 3, 1, 5);
        Def(OpCode.Eq, "eq", OperandKind.None, 2, 1, 1);
        Def(OpCode.Ne, "ne", OperandKind.None, 2, 1, 1);
        Def(OpCode.Lt, "lt", OperandKind.None, 2, 1, 1);
        Def(OpCode.Le, "le", OperandKind.None, 2, 1, 1);
        Def(OpCode.Gt, "gt", OperandKind.None, 2, 1, 1);
        Def(OpCode.Ge, "ge", OperandKind.None, 2, 1, 1);
        Def(OpCode.Not, "not", OperandKind.None, 1, 1, 1);
        Def(OpCode.And, "and", OperandKind.None, 2, 1, 1);
        Def(OpCode.Or, "or", OperandKind.None, 2, 1, 1);
        Def(OpCode.Xor, "xor", OperandKind.None, 2, 1, 1);
        Def(OpCode.BitNot, "bnot", OperandKind.None, 1, 1, 1);
        Def(OpCode.Shl, "shl", OperandKind.None, 2, 1, 1);
        Def(OpCode.Shr, "shr", OperandKind.None, 2, 1, 1);
        Def(OpCode.Jmp, "jmp", OperandKind.Rel32, 0, 0, 1);
        Def(OpCode.Jz, "jz", OperandKind.Rel32, 1, 0, 1);
        Def(OpCode.Jnz, "jnz", OperandKind.Rel32, 1, 0, 1);
        // call and syscall take their stack effect from the callee / the operand, not from this table.
        Def(OpCode.Call, "call", OperandKind.U16, 0, 0, 5);
        Def(OpCode.Ret, "ret", OperandKind.None, 0, 0, 2);
        Def(OpCode.Abort, "abort", OperandKind.U16, 0, 0, 1);
        Def(OpCode.Assert, "assert", OperandKind.U16, 1, 0, 1);
        Def(OpCode.Cat, "cat", OperandKind.None, 2, 1, 2);
        Def(OpCode.Len, "len", OperandKind.None, 1, 1, 1);
        Def(OpCode.Slice, "slice", OperandKind.None, 3, 1, 2);
        Def(OpCode.BytesEq, "beq", OperandKind.None, 2, 1, 2);
        Def(OpCode.Sha256, "sha256", OperandKind.None, 1, 1, 10);
        Def(OpCode.Syscall, "syscall", OperandKind.Syscall, 0, 0, 2);
    }

    /// <summary>All defined opcodes, in byte order.</summary>
    public static IReadOnlyList<OpCode> All { get; } = Enumerable.Range(0, 256)
        .Where(i => Mnemonics[i] is not null).Select(i => (OpCode)i).ToArray();

    public static bool IsDefined(byte op) => Mnemonics[op] is not null;

    public static string Mnemonic(OpCode op) => Mnemonics[(byte)op] ?? throw new ArgumentOutOfRangeException(nameof(op));

    public static OperandKind Operand(OpCode op) => Operands[(byte)op];

    /// <summary>Values popped (for call/syscall: see the callee or operand instead).</summary>
    public static int Pops(OpCode op) => PopCounts[(byte)op];

    public static int Pushes(OpCode op) => PushCounts[(byte)op];

    /// <summary>Gas charged before the instruction runs; byte-string ops and syscalls add more at run time.</summary>
    public static int Gas(OpCode op) => BaseGas[(byte)op];

    public static int OperandSize(OperandKind kind) => kind switch
    {
        OperandKind.None => 0,
        OperandKind.I8 or OperandKind.U8 => 1,
        OperandKind.U16 => 2,
        OperandKind.I32 or OperandKind.Rel32 or OperandKind.Syscall => 4,
        OperandKind.I64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParseMnemonic(string text, out OpCode op)
    {
        for (var i = 0; i < 256; i++)
        {
            if (string.Equals(Mnemonics[i], text, StringComparison.OrdinalIgnoreCase))
            {
                op = (OpCode)i;
                return true;
            }
        }

        op = OpCode.Nop;
        return false;
    }

    private static void Def(OpCode op, string mnemonic, OperandKind operand, int pops, int pushes, int gas)
    {
        Mnemonics[(byte)op] = mnemonic;
        Operands[(byte)op] = operand;
        PopCounts[(byte)op] = (sbyte)pops;
        PushCounts[(byte)op] = (sbyte)pushes;
        BaseGas[(byte)op] = gas;
    }
}
