using EnergyChain.Core.Codec;

namespace EnergyChain.Core.Transactions;

/// <summary>
/// One contract argument: a signed 64-bit integer or a byte string (the VM's two value types).
/// Encoding: <c>u8 tag=0 | i64</c> or <c>u8 tag=1 | u32 len + bytes</c> (at most <see cref="MaxBytes"/>).
/// </summary>
public readonly record struct ContractArg(long Integer, byte[]? Bytes)
{
    public const int MaxBytes = 16 * 1024;

    /// <summary>Most arguments one deploy or call may carry.</summary>
    public const int MaxCount = 32;

    public bool IsBytes => Bytes is not null;

    public static ContractArg Int(long value) => new(value, null);

    public static ContractArg Of(byte[] value) => new(0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool Equals(ContractArg other) =>
        Bytes is null ? other.Bytes is null && Integer == other.Integer
                      : other.Bytes is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes is null ? Integer.GetHashCode() : Bytes.Length;

    public override string ToString() => Bytes is null ? Integer.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0x" + Convert.ToHexString(Bytes);

    internal static void WriteAll(CanonicalWriter writer, IReadOnlyList<ContractArg> args)
    {
        writer.WriteU8((byte)args.Count);
        foreach (var arg in args)
        {
            if (arg.Bytes is null)
            {
                writer.WriteU8(0);
                writer.WriteI64(arg.Integer);
            }
            else
            {
                writer.WriteU8(1);
                writer.WriteBytes(arg.Bytes);
            }
        }
    }

    internal static ContractArg[] ReadAll(ref CanonicalReader reader)
    {
        var count = reader.ReadU8();
        if (count > MaxCount)
        {
            throw new DecodeException(DecodeError.InvalidValue, $"contract arguments: {count} exceed the maximum {MaxCount}");
        }

        var args = new ContractArg[count];
        for (var i = 0; i < count; i++)
        {
            var tag = reader.ReadU8();
            args[i] = tag switch
            {
                0 => Int(reader.ReadI64()),
                1 => Of(reader.ReadBytes(MaxBytes, "contract argument").ToArray()),
                _ => throw new DecodeException(DecodeError.InvalidValue, $"contract argument tag {tag} (expected 0 integer or 1 bytes)"),
            };
        }

        return args;
    }

    internal static bool SequenceEqual(IReadOnlyList<ContractArg> a, IReadOnlyList<ContractArg> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
