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

    /// <summary>
    /// The market escrow, <c>0x00..0004</c>: buyers' payments for contracted energy wait here from a slot's clearing
    /// until its settlement on delivered energy. No key signs for it; only the engine's settlement moves its money.
    /// </summary>
    public static readonly Address MarketEscrow = Fixed(4);

    /// <summary>The reward pool, <c>0x00..0005</c>: mining fees collected from members' savings, until paid to the miners.</summary>
    public static readonly Address RewardPool = Fixed(5);

    /// <summary>
    /// The EDC's settlement account, <c>0x00..0006</c>: what sellers pay for the energy the EDC supplied in place of
    /// what they failed to deliver. The grid operator's own billing of scheduled EDC trades stays off chain.
    /// </summary>
    public static readonly Address Edc = Fixed(6);

    /// <summary>
    /// The membership escrow, <c>0x00..0007</c>: join deposits wait here while the request is open and while the
    /// member stays; a rejection or a leave returns them. Only the membership rules move its money.
    /// </summary>
    public static readonly Address MembershipEscrow = Fixed(7);

    private static Address Fixed(byte id)
    {
        var bytes = new byte[Address.Size];
        bytes[^1] = id;
        return new Address(bytes);
    }
}
