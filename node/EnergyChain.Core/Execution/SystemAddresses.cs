using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Execution;

/// <summary>Well-known addresses of the system contracts and of the system caller (consensus constants).</summary>
public static class SystemAddresses
{
    /// <summary>The caller of <see cref="ISystemContractCaller.SystemCall"/>: the zero address (no key can sign for it).</summary>
    public static readonly Address Caller = Address.Zero;

    /// <summary>The energy-trading contract, <c>0x00..0001</c>.</summary>
    public static readonly Address Trading = Fixed(1);

    /// <summary>The mining-reward contract, <c>0x00..0002</c>.</summary>
    public static readonly Address Reward = Fixed(2);

    /// <summary>The penalty contract, <c>0x00..0003</c>.</summary>
    public static readonly Address Penalty = Fixed(3);

    private static Address Fixed(byte id)
    {
        var bytes = new byte[Address.Size];
        bytes[^1] = id;
        return new Address(bytes);
    }
}
