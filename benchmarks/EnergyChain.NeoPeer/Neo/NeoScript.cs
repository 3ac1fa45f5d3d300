using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace EnergyChain.NeoPeer.Neo;

/// <summary>Builds the few NeoVM scripts the peer needs: NEP-17 transfers and the single-signature verification script.</summary>
internal sealed class NeoScript
{
    /// <summary>CallFlags.All: the flags a wallet passes when it calls a token's transfer.</summary>
    private const int CallFlagsAll = 0x0f;

    private readonly MemoryStream _script = new();

    /// <summary>
    /// <c>contract.transfer(from, to, amount, null)</c> through System.Contract.Call, then ASSERT, so a transfer that
    /// returns false faults the transaction instead of passing unnoticed.
    /// </summary>
    public NeoScript Transfer(ReadOnlySpan<byte> contract, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to, BigInteger amount)
    {
        // Arguments are pushed last first, then packed into an array.
        Emit(OpCode.PushNull);
        Push(amount);
        Push(to);
        Push(from);
        Push(4);
        Emit(OpCode.Pack);
        Push(CallFlagsAll);
        Push(Encoding.ASCII.GetBytes("transfer"));
        Push(contract);
        Syscall("System.Contract.Call");
        Emit(OpCode.Assert);
        return this;
    }

    public static byte[] SignatureVerification(ReadOnlySpan<byte> compressedPublicKey) =>
        new NeoScript().Push(compressedPublicKey).Syscall("System.Crypto.CheckSig").ToArray();

    /// <summary>An interop service is named by the first four bytes of SHA-256 of its name.</summary>
    public static byte[] InteropId(string name) => SHA256.HashData(Encoding.ASCII.GetBytes(name))[..4];

    public byte[] ToArray() => _script.ToArray();

    public NeoScript Syscall(string name)
    {
        Emit(OpCode.Syscall);
        _script.Write(InteropId(name));
        return this;
    }

    public NeoScript Push(ReadOnlySpan<byte> data)
    {
        if (data.Length > byte.MaxValue)
        {
            throw new ArgumentException("the peer only pushes data shorter than 256 bytes", nameof(data));
        }

        Emit(OpCode.PushData1);
        _script.WriteByte((byte)data.Length);
        _script.Write(data);
        return this;
    }

    /// <summary>Small integers have their own opcode; others the shortest PUSHINT that holds them (two's complement, little-endian).</summary>
    public NeoScript Push(BigInteger value)
    {
        if (value >= -1 && value <= 16)
        {
            _script.WriteByte((byte)((int)OpCode.Push0 + (int)value));
            return this;
        }

        var bytes = value.ToByteArray(); // little-endian two's complement, minimal length
        var (op, width) = bytes.Length switch
        {
            1 => (OpCode.PushInt8, 1),
            2 => (OpCode.PushInt16, 2),
            <= 4 => (OpCode.PushInt32, 4),
            <= 8 => (OpCode.PushInt64, 8),
            <= 16 => (OpCode.PushInt128, 16),
            <= 32 => (OpCode.PushInt256, 32),
            _ => throw new ArgumentOutOfRangeException(nameof(value), "wider than 256 bits"),
        };
        Emit(op);
        var padded = new byte[width];
        bytes.CopyTo(padded, 0);
        if (value.Sign < 0)
        {
            padded.AsSpan(bytes.Length).Fill(0xff);
        }

        _script.Write(padded);
        return this;
    }

    private void Emit(OpCode op) => _script.WriteByte((byte)op);
}
