using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EnergyChain.NeoPeer.Neo;

/// <summary>
/// A Neo N3 transaction with one signer (WitnessScope.CalledByEntry), no attributes and a single-signature witness.
/// Wire format: version u8, nonce u32, system fee i64, network fee i64, valid-until-block u32 (all little-endian),
/// signers (var count; account 20 bytes, scope u8), attributes (var count), script (var bytes), witnesses (var
/// count; invocation and verification var bytes). The hash is SHA-256 of everything before the witnesses.
/// </summary>
internal sealed record NeoTransaction(uint Nonce, long SystemFee, long NetworkFee, uint ValidUntilBlock, byte[] Signer, byte[] Script)
{
    private const byte CalledByEntry = 0x01;

    public byte[] Unsigned()
    {
        using var w = new MemoryStream(64 + Script.Length);
        w.WriteByte(0); // version
        Span<byte> field = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(field, Nonce);
        w.Write(field[..4]);
        BinaryPrimitives.WriteInt64LittleEndian(field, SystemFee);
        w.Write(field);
        BinaryPrimitives.WriteInt64LittleEndian(field, NetworkFee);
        w.Write(field);
        BinaryPrimitives.WriteUInt32LittleEndian(field, ValidUntilBlock);
        w.Write(field[..4]);
        WriteVarInt(w, 1);
        w.Write(Signer);
        w.WriteByte(CalledByEntry);
        WriteVarInt(w, 0); // attributes
        WriteVarBytes(w, Script);
        return w.ToArray();
    }

    /// <summary>The hash in wire order; RPC prints it reversed with a 0x prefix (<see cref="HashText"/>).</summary>
    public byte[] Hash() => SHA256.HashData(Unsigned());

    public static string HashText(ReadOnlySpan<byte> hash) => "0x" + Convert.ToHexStringLower([.. hash.ToArray().Reverse()]);

    /// <summary>What a witness signs: the network magic (u32 little-endian) followed by the transaction hash.</summary>
    public static byte[] SignData(uint network, ReadOnlySpan<byte> hash)
    {
        var data = new byte[4 + hash.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(data, network);
        hash.CopyTo(data.AsSpan(4));
        return data;
    }

    /// <summary>The full transaction with <paramref name="key"/>'s witness; <paramref name="key"/> must be the signer.</summary>
    public byte[] Signed(NeoKey key, uint network)
    {
        var unsigned = Unsigned();
        var signature = key.Sign(SignData(network, SHA256.HashData(unsigned)));
        return WithWitness(unsigned, new NeoScript().Push(signature).ToArray(), key.VerificationScript);
    }

    /// <summary>The unsigned part followed by one witness; with an empty invocation it is what calculatenetworkfee prices.</summary>
    public static byte[] WithWitness(byte[] unsigned, byte[] invocation, byte[] verification)
    {
        using var w = new MemoryStream(unsigned.Length + invocation.Length + verification.Length + 8);
        w.Write(unsigned);
        WriteVarInt(w, 1);
        WriteVarBytes(w, invocation);
        WriteVarBytes(w, verification);
        return w.ToArray();
    }

    private static void WriteVarBytes(Stream w, ReadOnlySpan<byte> bytes)
    {
        WriteVarInt(w, (ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteVarInt(Stream w, ulong value)
    {
        Span<byte> buffer = stackalloc byte[9];
        switch (value)
        {
            case < 0xfd:
                w.WriteByte((byte)value);
                return;
            case <= ushort.MaxValue:
                buffer[0] = 0xfd;
                BinaryPrimitives.WriteUInt16LittleEndian(buffer[1..], (ushort)value);
                w.Write(buffer[..3]);
                return;
            case <= uint.MaxValue:
                buffer[0] = 0xfe;
                BinaryPrimitives.WriteUInt32LittleEndian(buffer[1..], (uint)value);
                w.Write(buffer[..5]);
                return;
            default:
                buffer[0] = 0xff;
                BinaryPrimitives.WriteUInt64LittleEndian(buffer[1..], value);
                w.Write(buffer);
                return;
        }
    }
}
