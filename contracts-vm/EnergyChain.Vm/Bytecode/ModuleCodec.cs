using System.Buffers.Binary;

namespace EnergyChain.Vm.Bytecode;

/// <summary>
/// The canonical binary form. All integers are fixed-width little-endian, so every module has exactly one
/// encoding and its hash identifies it:
/// <code>
/// "ECVM" | u8 version(=1) | u16 nconst | nconst x (u32 len | bytes)
///        | u16 nfunc (>=1) | nfunc x (u8 params | u8 locals | u8 returns | u16 maxStack | u32 codeLen | code)
/// </code>
/// Decoding is strict: wrong magic, unknown version, short or over-long lengths and trailing bytes are typed
/// errors, never exceptions.
/// </summary>
public static class ModuleCodec
{
    public const byte CurrentVersion = 1;

    private static ReadOnlySpan<byte> Magic => "ECVM"u8;

    public static byte[] Encode(VmModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var size = Magic.Length + 1 + 2 + 2;
        foreach (var c in module.Constants)
        {
            size += 4 + c.Length;
        }

        foreach (var f in module.Functions)
        {
            size += 9 + f.Code.Length;
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        var pos = Magic.Length;
        span[pos++] = module.Version;
        BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], checked((ushort)module.Constants.Count));
        pos += 2;
        foreach (var c in module.Constants)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], (uint)c.Length);
            pos += 4;
            c.CopyTo(span[pos..]);
            pos += c.Length;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], checked((ushort)module.Functions.Count));
        pos += 2;
        foreach (var f in module.Functions)
        {
            span[pos++] = f.Params;
            span[pos++] = f.Locals;
            span[pos++] = f.Returns;
            BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], f.MaxStack);
            pos += 2;
            BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], (uint)f.Code.Length);
            pos += 4;
            f.Code.CopyTo(span[pos..]);
            pos += f.Code.Length;
        }

        return buffer;
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, VmLimits limits, out VmModule? module, out VmLoadError? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        module = null;
        error = Decode(bytes, limits, out module);
        return error is null;
    }

    private static VmLoadError? Decode(ReadOnlySpan<byte> bytes, VmLimits limits, out VmModule? module)
    {
        module = null;
        if (bytes.Length > limits.MaxCodeSize)
        {
            return new(VmLoadErrorCode.CodeTooLarge, $"{bytes.Length} bytes exceeds {limits.MaxCodeSize}");
        }

        if (bytes.Length < Magic.Length + 1)
        {
            return new(VmLoadErrorCode.Truncated, "shorter than the header");
        }

        if (!bytes[..Magic.Length].SequenceEqual(Magic))
        {
            return new(VmLoadErrorCode.BadMagic, "not an EnergyChain VM module");
        }

        var version = bytes[Magic.Length];
        if (version != CurrentVersion)
        {
            return new(VmLoadErrorCode.UnknownVersion, $"version {version}");
        }

        var pos = Magic.Length + 1;
        if (!TryU16(bytes, ref pos, out var constCount))
        {
            return new(VmLoadErrorCode.Truncated, "constant count");
        }

        if (constCount > limits.MaxConstants)
        {
            return new(VmLoadErrorCode.TooManyConstants, $"{constCount} constants");
        }

        var constants = new byte[constCount][];
        for (var i = 0; i < constCount; i++)
        {
            if (!TryU32(bytes, ref pos, out var len))
            {
                return new(VmLoadErrorCode.Truncated, $"length of constant {i}");
            }

            if (len > (uint)limits.MaxByteStringSize || len > (uint)(bytes.Length - pos))
            {
                return new(VmLoadErrorCode.BadLength, $"constant {i} length {len}");
            }

            constants[i] = bytes.Slice(pos, (int)len).ToArray();
            pos += (int)len;
        }

        if (!TryU16(bytes, ref pos, out var funcCount))
        {
            return new(VmLoadErrorCode.Truncated, "function count");
        }

        if (funcCount == 0)
        {
            return new(VmLoadErrorCode.NoFunctions, "a module needs at least one function");
        }

        if (funcCount > limits.MaxFunctions)
        {
            return new(VmLoadErrorCode.TooManyFunctions, $"{funcCount} functions");
        }

        var functions = new VmFunction[funcCount];
        for (var i = 0; i < funcCount; i++)
        {
            if (bytes.Length - pos < 9)
            {
                return new(VmLoadErrorCode.Truncated, $"header of function {i}", i);
            }

            var parameters = bytes[pos];
            var locals = bytes[pos + 1];
            var returns = bytes[pos + 2];
            pos += 3;
            TryU16(bytes, ref pos, out var maxStack);
            TryU32(bytes, ref pos, out var codeLen);
            if (codeLen > (uint)(bytes.Length - pos))
            {
                return new(VmLoadErrorCode.BadLength, $"code length {codeLen}", i);
            }

            functions[i] = new VmFunction(parameters, locals, returns, maxStack, bytes.Slice(pos, (int)codeLen).ToArray());
            pos += (int)codeLen;
        }

        if (pos != bytes.Length)
        {
            return new(VmLoadErrorCode.TrailingBytes, $"{bytes.Length - pos} bytes after the last function");
        }

        module = new VmModule(version, constants, functions);
        return null;
    }

    private static bool TryU16(ReadOnlySpan<byte> bytes, ref int pos, out ushort value)
    {
        if (bytes.Length - pos < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]);
        pos += 2;
        return true;
    }

    private static bool TryU32(ReadOnlySpan<byte> bytes, ref int pos, out uint value)
    {
        if (bytes.Length - pos < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(bytes[pos..]);
        pos += 4;
        return true;
    }
}
