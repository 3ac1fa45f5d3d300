using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Verification;

/// <summary>
/// Deploy-time checks that let the interpreter skip them at run time: opcodes and operands are valid, jumps land
/// on instruction starts in the same function, calls name real functions and find their arguments, and the
/// operand-stack height is the same on every path into an instruction, never negative and never above the
/// declared maximum (abstract interpretation over heights). Every path ends in <c>ret</c> or <c>abort</c>.
/// What is left to run time: value types (int vs bytes), arithmetic faults, gas, call depth and memory.
/// </summary>
public static class Verifier
{
    public static bool TryVerify(VmModule module, VmLimits limits, out ContractProgram? program, out VmLoadError? error)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(limits);
        program = null;
        error = Check(module, limits, out var functions);
        if (error is not null)
        {
            return false;
        }

        // Own copies: results hand constant arrays to the host, which must not be able to alter the module.
        program = new ContractProgram(module, functions!, module.Constants.Select(c => c.ToArray()).ToArray());
        return true;
    }

    private static VmLoadError? Check(VmModule module, VmLimits limits, out LoadedFunction[]? loaded)
    {
        loaded = null;
        if (module.Version != ModuleCodec.CurrentVersion)
        {
            return new(VmLoadErrorCode.UnknownVersion, $"version {module.Version}");
        }

        if (module.Functions.Count == 0)
        {
            return new(VmLoadErrorCode.NoFunctions, "a module needs at least one function");
        }

        if (module.Functions.Count > limits.MaxFunctions)
        {
            return new(VmLoadErrorCode.TooManyFunctions, $"{module.Functions.Count} functions");
        }

        if (module.Constants.Count > limits.MaxConstants)
        {
            return new(VmLoadErrorCode.TooManyConstants, $"{module.Constants.Count} constants");
        }

        // A module built in memory never went through the decoder's size check.
        long codeSize = 0;
        foreach (var f in module.Functions)
        {
            codeSize += f.Code.Length;
        }

        if (codeSize > limits.MaxCodeSize)
        {
            return new(VmLoadErrorCode.CodeTooLarge, $"{codeSize} code bytes exceeds {limits.MaxCodeSize}");
        }

        foreach (var c in module.Constants)
        {
            if (c.Length > limits.MaxByteStringSize)
            {
                return new(VmLoadErrorCode.BadLength, $"constant of {c.Length} bytes");
            }
        }

        var result = new LoadedFunction[module.Functions.Count];
        var raw = new List<RawInstruction>();
        for (var i = 0; i < module.Functions.Count; i++)
        {
            var error = CheckFunction(module, limits, i, raw, out var code);
            if (error is not null)
            {
                return error;
            }

            result[i] = new LoadedFunction(module.Functions[i], code!);
        }

        loaded = result;
        return null;
    }

    private static VmLoadError? CheckFunction(VmModule module, VmLimits limits, int index, List<RawInstruction> raw, out Instruction[]? code)
    {
        code = null;
        var fn = module.Functions[index];
        if (fn.FrameSize > 256 || fn.FrameSize + fn.MaxStack > limits.MaxStackDepth)
        {
            return new(VmLoadErrorCode.BadFunctionHeader, $"frame {fn.FrameSize} + max stack {fn.MaxStack} too large", index, 0);
        }

        if (fn.Code.Length == 0)
        {
            return new(VmLoadErrorCode.MissingReturn, "empty function", index, 0);
        }

        raw.Clear();
        if (!InstructionReader.TryRead(fn.Code, raw, out var readError, index))
        {
            return readError;
        }

        var indexAt = new int[fn.Code.Length];
        Array.Fill(indexAt, -1);
        for (var i = 0; i < raw.Count; i++)
        {
            indexAt[raw[i].Offset] = i;
        }

        var decoded = new Instruction[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            var r = raw[i];
            var ins = new Instruction { Op = r.Op, Gas = OpInfo.Gas(r.Op), Args = r.Args, Results = r.Results, Imm = r.Operand };
            switch (r.Op)
            {
                case OpCode.Jmp:
                case OpCode.Jz:
                case OpCode.Jnz:
                    var target = r.Offset + r.Operand;
                    if (target < 0 || target >= fn.Code.Length || indexAt[target] < 0)
                    {
                        return new(VmLoadErrorCode.BadJumpTarget, $"target offset {target}", index, r.Offset);
                    }

                    ins.A = indexAt[target];
                    break;
                case OpCode.LdLoc:
                case OpCode.StLoc:
                    if (r.Operand >= fn.FrameSize)
                    {
                        return new(VmLoadErrorCode.BadLocal, $"local {r.Operand} of {fn.FrameSize}", index, r.Offset);
                    }

                    ins.A = (int)r.Operand;
                    break;
                case OpCode.PushBytes:
                    if (r.Operand >= module.Constants.Count)
                    {
                        return new(VmLoadErrorCode.BadConstant, $"constant {r.Operand} of {module.Constants.Count}", index, r.Offset);
                    }

                    ins.A = (int)r.Operand;
                    break;
                case OpCode.Call:
                    if (r.Operand >= module.Functions.Count)
                    {
                        return new(VmLoadErrorCode.BadCallTarget, $"function {r.Operand} of {module.Functions.Count}", index, r.Offset);
                    }

                    ins.A = (int)r.Operand;
                    break;
                default:
                    ins.A = (int)r.Operand;
                    break;
            }

            decoded[i] = ins;
        }

        var error = CheckHeights(module, fn, index, raw, decoded);
        if (error is not null)
        {
            return error;
        }

        code = decoded;
        return null;
    }

    /// <summary>Worklist abstract interpretation: heights[i] is the operand-stack height before instruction i.</summary>
    private static VmLoadError? CheckHeights(VmModule module, VmFunction fn, int index, List<RawInstruction> raw, Instruction[] code)
    {
        var heights = new int[code.Length];
        Array.Fill(heights, -1);
        heights[0] = 0;
        var work = new Stack<int>();
        work.Push(0);
        while (work.Count > 0)
        {
            var i = work.Pop();
            var h = heights[i];
            ref var ins = ref code[i];
            var offset = raw[i].Offset;
            int pops, pushes;
            switch (ins.Op)
            {
                case OpCode.Call:
                    var callee = module.Functions[ins.A];
                    pops = callee.Params;
                    pushes = callee.Returns;
                    break;
                case OpCode.Syscall:
                    pops = ins.Args;
                    pushes = ins.Results;
                    break;
                case OpCode.Pick:
                    // Reads ins.A+1 deep without removing: model as pop n+1, push n+2.
                    pops = ins.A + 1;
                    pushes = ins.A + 2;
                    break;
                default:
                    pops = OpInfo.Pops(ins.Op);
                    pushes = OpInfo.Pushes(ins.Op);
                    break;
            }

            if (h < pops)
            {
                return new(VmLoadErrorCode.StackUnderflow, $"{OpInfo.Mnemonic(ins.Op)} needs {pops}, has {h}", index, offset);
            }

            var next = h - pops + pushes;
            if (next > fn.MaxStack)
            {
                return new(VmLoadErrorCode.StackOverflow, $"height {next} above declared max {fn.MaxStack}", index, offset);
            }

            if (ins.Op == OpCode.Ret)
            {
                if (h != fn.Returns)
                {
                    return new(VmLoadErrorCode.BadReturnHeight, $"ret with {h} values, function returns {fn.Returns}", index, offset);
                }

                continue;
            }

            if (ins.Op == OpCode.Abort)
            {
                continue;
            }

            if (ins.Op is OpCode.Jmp or OpCode.Jz or OpCode.Jnz)
            {
                var error = Join(heights, work, ins.A, next, index, offset);
                if (error is not null)
                {
                    return error;
                }

                if (ins.Op == OpCode.Jmp)
                {
                    continue;
                }
            }

            if (i + 1 >= code.Length)
            {
                return new(VmLoadErrorCode.MissingReturn, "execution can run off the end of the function", index, offset);
            }

            var fallError = Join(heights, work, i + 1, next, index, offset);
            if (fallError is not null)
            {
                return fallError;
            }
        }

        return null;
    }

    private static VmLoadError? Join(int[] heights, Stack<int> work, int target, int height, int function, int offset)
    {
        if (heights[target] < 0)
        {
            heights[target] = height;
            work.Push(target);
            return null;
        }

        return heights[target] == height
            ? null
            : new(VmLoadErrorCode.InconsistentStackHeight, $"height {height} meets {heights[target]} at instruction {target}", function, offset);
    }
}
