namespace EnergyChain.Vm.Execution;

/// <summary>A value crossing the VM boundary (arguments and results): a 64-bit integer or an immutable byte string.</summary>
public readonly record struct VmValue
{
    private VmValue(long integer, byte[]? bytes)
    {
        Integer = integer;
        Bytes = bytes;
    }

    public long Integer { get; }

    /// <summary>Null for integers. Never mutate: the VM shares byte strings between slots.</summary>
    public byte[]? Bytes { get; }

    public bool IsBytes => Bytes is not null;

    public static VmValue FromInt(long value) => new(value, null);

    public static VmValue FromBytes(byte[] value) => new(0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool Equals(VmValue other) =>
        Bytes is null ? other.Bytes is null && Integer == other.Integer
                      : other.Bytes is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes is null ? Integer.GetHashCode() : Bytes.Length;

    public override string ToString() => Bytes is null ? Integer.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0x" + Convert.ToHexString(Bytes);
}
