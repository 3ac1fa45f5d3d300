using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Execution;

/// <summary>
/// The dispatch loop. Kept in one method so the stack pointer, gas and pc live in registers. The verifier has
/// already proven every stack access in bounds for the frame, so the only per-instruction checks are gas, the
/// instruction cap and value types. A slot holds an integer when its reference slot is null.
/// </summary>
public sealed partial class VmEngine
{
    /// <summary>Returned by helpers in place of a fault when the extra per-byte gas ran out.</summary>
    private const VmFault OutOfGasSignal = (VmFault)(-1);

    private VmResult Run(Verification.ContractProgram program, int entry, long gasLimit, IVmHost? host)
    {
        var ints = _ints;
        var refs = _refs;
        var frames = _frames;
        var functions = program.Functions;
        var constants = program.Constants;
        var fn = functions[entry];
        var code = fn.Code;
        var pc = 0;
        var bp = 0;
        var sp = fn.FrameSize;
        var depth = 0;
        long gas = 0;
        long steps = 0;
        long memory = 0;
        var maxSteps = _limits.MaxInstructionsPerCall;
        var maxDepth = _limits.MaxCallDepth;
        var fault = VmFault.None;
        var abortCode = 0;

        while (true)
        {
            ref var ins = ref code[pc];

            // The cap is checked first so the instruction it stops is neither run nor charged.
            if (++steps > maxSteps)
            {
                fault = VmFault.InstructionLimitExceeded;
                goto Fault;
            }

            gas += ins.Gas;
            if (gas > gasLimit)
            {
                goto OutOfGas;
            }

            pc++;
            switch (ins.Op)
            {
                case OpCode.Nop:
                    break;
                case OpCode.PushI8:
                case OpCode.PushI32:
                case OpCode.PushI64:
                    ints[sp] = ins.Imm;
                    refs[sp] = null;
                    sp++;
                    break;
                case OpCode.PushBytes:
                    ints[sp] = 0;
                    refs[sp] = constants[ins.A];
                    sp++;
                    break;
                case OpCode.Dup:
                    ints[sp] = ints[sp - 1];
                    refs[sp] = refs[sp - 1];
                    sp++;
                    break;
                case OpCode.Swap:
                    {
                        var ti = ints[sp - 1];
                        var tr = refs[sp - 1];
                        ints[sp - 1] = ints[sp - 2];
                        refs[sp - 1] = refs[sp - 2];
                        ints[sp - 2] = ti;
                        refs[sp - 2] = tr;
                        break;
                    }

                case OpCode.Drop:
                    sp--;
                    break;
                case OpCode.Pick:
                    {
                        var s = sp - 1 - ins.A;
                        ints[sp] = ints[s];
                        refs[sp] = refs[s];
                        sp++;
                        break;
                    }

                case OpCode.LdLoc:
                    {
                        var s = bp + ins.A;
                        ints[sp] = ints[s];
                        refs[sp] = refs[s];
                        sp++;
                        break;
                    }

                case OpCode.StLoc:
                    {
                        sp--;
                        var d = bp + ins.A;
                        ints[d] = ints[sp];
                        refs[d] = refs[sp];
                        break;
                    }

                case OpCode.Add:
                    {
                        if (refs[sp - 1] is not null || refs[sp - 2] is not null)
                        {
                            goto TypeMismatch;
                        }

                        var a = ints[sp - 2];
                        var b = ints[sp - 1];
                        var r = a + b;
                        if (((a ^ r) & (b ^ r)) < 0)
                        {
                            goto Overflow;
                        }

                        ints[sp - 2] = r;
                        sp--;
                        break;
                    }

                case OpCode.Sub:
                    {
                        if (refs[sp - 1] is not null || refs[sp - 2] is not null)
                        {
                            goto TypeMismatch;
                        }

                        var a = ints[sp - 2];
                        var b = ints[sp - 1];
                        var r = a - b;
                        if (((a ^ b) & (a ^ r)) < 0)
                        {
                            goto Overflow;
                        }

                        ints[sp - 2] = r;
                        sp--;
                        break;
                    }

                case OpCode.Mul:
                    {
                        if (refs[sp - 1] is not null || refs[sp - 2] is not null)
                        {
                            goto TypeMismatch;
                        }

                        var high = Math.BigMul(ints[sp - 2], ints[sp - 1], out long low);
                        if (high != (low >> 63))
                        {
                            goto Overflow;
                        }

                        ints[sp - 2] = low;
                        sp--;
                        break;
                    }

                case OpCode.Div:
                case OpCode.Mod:
                case OpCode.MulDiv:
                case OpCode.Neg:
                case OpCode.Shl:
                case OpCode.Shr:
                    fault = Arithmetic(ins.Op, ints, refs, ref sp);
                    if (fault != VmFault.None)
                    {
                        goto Fault;
                    }

                    break;
                case OpCode.Eq:
                case OpCode.Ne:
                case OpCode.Lt:
                case OpCode.Le:
                case OpCode.Gt:
                case OpCode.Ge:
                    {
                        if (refs[sp - 1] is not null || refs[sp - 2] is not null)
                        {
                            goto TypeMismatch;
                        }

                        var a = ints[sp - 2];
                        var b = ints[sp - 1];
                        var r = ins.Op switch
                        {
                            OpCode.Eq => a == b,
                            OpCode.Ne => a != b,
                            OpCode.Lt => a < b,
                            OpCode.Le => a <= b,
                            OpCode.Gt => a > b,
                            _ => a >= b,
                        };
                        ints[sp - 2] = r ? 1 : 0;
                        sp--;
                        break;
                    }

                case OpCode.Not:
                    if (refs[sp - 1] is not null)
                    {
                        goto TypeMismatch;
                    }

                    ints[sp - 1] = ints[sp - 1] == 0 ? 1 : 0;
                    break;
                case OpCode.BitNot:
                    if (refs[sp - 1] is not null)
                    {
                        goto TypeMismatch;
                    }

                    ints[sp - 1] = ~ints[sp - 1];
                    break;
                case OpCode.And:
                case OpCode.Or:
                case OpCode.Xor:
                    {
                        if (refs[sp - 1] is not null || refs[sp - 2] is not null)
                        {
                            goto TypeMismatch;
                        }

                        var a = ints[sp - 2];
                        var b = ints[sp - 1];
                        ints[sp - 2] = ins.Op == OpCode.And ? a & b : ins.Op == OpCode.Or ? a | b : a ^ b;
                        sp--;
                        break;
                    }

                case OpCode.Jmp:
                    pc = ins.A;
                    break;
                case OpCode.Jz:
                    sp--;
                    if (refs[sp] is not null)
                    {
                        goto TypeMismatch;
                    }

                    if (ints[sp] == 0)
                    {
                        pc = ins.A;
                    }

                    break;
                case OpCode.Jnz:
                    sp--;
                    if (refs[sp] is not null)
                    {
                        goto TypeMismatch;
                    }

                    if (ints[sp] != 0)
                    {
                        pc = ins.A;
                    }

                    break;
                case OpCode.Call:
                    {
                        var callee = functions[ins.A];
                        if (depth + 2 > maxDepth)
                        {
                            fault = VmFault.CallDepthExceeded;
                            goto Fault;
                        }

                        var newBp = sp - callee.Params;
                        var frameEnd = newBp + callee.FrameSize;
                        if (frameEnd + callee.MaxStack > ints.Length)
                        {
                            fault = VmFault.StackOverflow;
                            goto Fault;
                        }

                        frames[depth++] = new Frame { Function = fn, ReturnPc = pc, BasePointer = bp };
                        for (var i = sp; i < frameEnd; i++)
                        {
                            ints[i] = 0;
                            refs[i] = null;
                        }

                        fn = callee;
                        code = callee.Code;
                        pc = 0;
                        bp = newBp;
                        sp = frameEnd;
                        break;
                    }

                case OpCode.Ret:
                    {
                        var n = fn.Returns;
                        var src = sp - n;
                        if (src != bp)
                        {
                            for (var i = 0; i < n; i++)
                            {
                                ints[bp + i] = ints[src + i];
                                refs[bp + i] = refs[src + i];
                            }
                        }

                        sp = bp + n;
                        if (depth == 0)
                        {
                            return Finish(VmStatus.Ok, gas, VmFault.None, 0, 0, n);
                        }

                        ref var frame = ref frames[--depth];
                        fn = frame.Function;
                        code = fn.Code;
                        pc = frame.ReturnPc;
                        bp = frame.BasePointer;
                        break;
                    }

                case OpCode.Abort:
                    abortCode = ins.A;
                    goto Abort;
                case OpCode.Assert:
                    sp--;
                    if (refs[sp] is not null)
                    {
                        goto TypeMismatch;
                    }

                    if (ints[sp] == 0)
                    {
                        abortCode = ins.A;
                        goto Abort;
                    }

                    break;
                case OpCode.Syscall:
                    fault = Syscall(ref ins, host, ref sp, ref gas, gasLimit, ref memory);
                    if (fault != VmFault.None)
                    {
                        if (fault == OutOfGasSignal)
                        {
                            goto OutOfGas;
                        }

                        goto Fault;
                    }

                    break;
                default:
                    // Cat, Len, Slice, BytesEq, Sha256: the verifier admits no other opcode.
                    fault = Bytes(ins.Op, ref sp, ref gas, gasLimit, ref memory);
                    if (fault != VmFault.None)
                    {
                        if (fault == OutOfGasSignal)
                        {
                            goto OutOfGas;
                        }

                        goto Fault;
                    }

                    break;
            }
        }

    TypeMismatch:
        fault = VmFault.TypeMismatch;
        goto Fault;
    Overflow:
        fault = VmFault.Overflow;
    Fault:
        return Finish(VmStatus.Fault, gas, fault, 0, 0, 0);
    Abort:
        return Finish(VmStatus.Abort, gas, VmFault.None, abortCode, 0, 0);
    OutOfGas:
        return Finish(VmStatus.OutOfGas, gasLimit, VmFault.None, 0, 0, 0);
    }
}
