using System.Globalization;

namespace EnergyChain.Wallet.Output;

/// <summary>The totals row of <c>ecw market history</c>, and the <c>totals</c> object of its JSON.</summary>
internal sealed class MarketTotals
{
    public int Slots { get; private set; }

    public ulong SoldWh { get; private set; }

    public ulong BoughtWh { get; private set; }

    public ulong DeliveredWh { get; private set; }

    public ulong PaidMicro { get; private set; }

    public ulong ReceivedMicro { get; private set; }

    /// <summary>Rewards actually paid: a withheld reward never reached the household.</summary>
    public ulong RewardMicro { get; private set; }

    public ulong PenaltyMicro { get; private set; }

    public long NetMicro { get; private set; }

    public void Add(MarketSlotSummary slot)
    {
        checked
        {
            Slots++;
            SoldWh += slot.SoldWh;
            BoughtWh += slot.BoughtWh;
            DeliveredWh += slot.DeliveredWh ?? 0;
            PaidMicro += slot.PaidMicro;
            ReceivedMicro += slot.ReceivedMicro;
            RewardMicro += slot.RewardWithheld ? 0 : slot.RewardMicro;
            PenaltyMicro += slot.PenaltyMicro;
            NetMicro += slot.NetMicro;
        }
    }

    public string[] Cells() =>
    [
        "total",
        Slots.ToString(CultureInfo.InvariantCulture) + (Slots == 1 ? " slot" : " slots"),
        string.Empty,
        Units.Energy(SoldWh),
        Units.Energy(BoughtWh),
        Units.Energy(DeliveredWh),
        Units.Ec(PaidMicro),
        Units.Ec(ReceivedMicro),
        Units.Ec(RewardMicro),
        Units.Ec(PenaltyMicro),
        Units.SignedEc(NetMicro),
    ];

    /// <summary>Named like the node's fields, so a script reads totals and slots alike.</summary>
    public object ToJson() => new
    {
        slots = Slots,
        soldWh = SoldWh,
        boughtWh = BoughtWh,
        deliveredWh = DeliveredWh,
        paidMicro = PaidMicro,
        receivedMicro = ReceivedMicro,
        rewardMicro = RewardMicro,
        penaltyMicro = PenaltyMicro,
        netMicro = NetMicro,
    };
}
