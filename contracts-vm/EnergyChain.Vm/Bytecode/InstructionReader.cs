using System.Buffers.Binary;

namespace EnergyChain.Vm.Bytecode;

/// <summary>Splits code bytes into instructions. Shared by the verifier and the disassembler.</summary>
public static class InstructionReader
{
    /// <summary>Reads every instruction, or reports the first unknown opcode or cut-off operand.</summary>
    public static bool TryRead(ReadOnlySpan<byte> code, List<RawInstruction> into, out VmLoadError? error, int function = -1)
    {
        ArgumentNullException.ThrowIfNull(into);
        var pos = 0;
        while (pos < code.Length)
        {
            var opByte = code[pos];
            if (!OpInfo.IsDefined(opByte))
            {
                error = new(VmLoadErrorCode.UnknownOpcode, $"opcode 0x{opByte:X2}", function, pos);
                return false;
            }

            var op = (OpCode)opByte;
            var kind = OpInfo.Operand(op);
            var size = 1 + OpInfo.OperandSize(kind);
            if (code.Length - pos < size)
            {
                error = new(VmLoadErrorCode.BadOperand, $"{OpInfo.Mnemonic(op)} operand cut off", function, pos);
                return false;
            }

            var operand = code.Slice(pos + 1, size - 1);
            long value = 0;
            byte args = 0, results = 0;
            switch (kind)
            {
                case OperandKind.I8:
                    value = (sbyte)operand[0];
                    break;
                case OperandKind.U8:
                    value = operand[0];
                    break;
                case OperandKind.U16:
                    value = BinaryPrimitives.ReadUInt16LittleEndian(operand);
                    break;
                case OperandKind.I32:
                case OperandKind.Rel32:
                    value = BinaryPrimitives.ReadInt32LittleEndian(operand);
                    break;
                case OperandKind.I64:
                    value = BinaryPrimitives.ReadInt64LittleEndian(operand);
                    break;
                case OperandKind.Syscall:
                    value = BinaryPrimitives.ReadUInt16LittleEndian(operand);
                    args = operand[2];
                    results = operand[3];
                    break;
                default:
                    break;
            }

            into.Add(new RawInstruction(pos, size, op, value, args, results));
            pos += size;
        }

        error = null;
        return true;
    }

    /// <summary>Appends one instruction's bytes. The caller has checked the operand fits its kind.</summary>
    public static void Write(List<byte> code, OpCode op, long operand = 0, byte args = 0, byte results = 0)
    {
        ArgumentNullException.ThrowIfNull(code);
        code.Add((byte)op);
        Span<byte> buf = stackalloc byte[8];
        switch (OpInfo.Operand(op))
        {
            case OperandKind.I8:
            case OperandKind.U8:
                code.Add((byte)operand);
                break;
            case OperandKind.U16:
                BinaryPrimitives.WriteUInt16LittleEndian(buf, (ushort)operand);
                code.Add(buf[0]);
                code.Add(buf[1]);
                break;
            case OperandKind.I32:
            case OperandKind.Rel32:
                BinaryPrimitives.WriteInt32LittleEndian(buf, (int)operand);
                for (var i = 0; i < 4; i++)
                {
                    code.Add(buf[i]);
                }

                break;
            case OperandKind.I64:
                BinaryPrimitives.WriteInt64LittleEndian(buf, operand);
                for (var i = 0; i < 8; i++)
                {
                    code.Add(buf[i]);
                }

                break;
            case OperandKind.Syscall:
                BinaryPrimitives.WriteUInt16LittleEndian(buf, (ushort)operand);
                code.Add(buf[0]);
                code.Add(buf[1]);
                code.Add(args);
                code.Add(results);
                break;
            default:
                break;
        }
    }
}
