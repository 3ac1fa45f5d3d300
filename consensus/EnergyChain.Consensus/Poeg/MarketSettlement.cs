using EnergyChain.Consensus.Market;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// How a market slot cleared (its first block): the participants (address order) with their orders, the outcome of
/// coalition formation over them, each coalition's clearing price, each participant's mining fee collected from its
/// savings (Lemma 2), the mining reward M_r (their sum, eq. 3.23), and the households that ordered but trade with
/// the EDC only, with the reason. The same bytes are the clearing block's consensus data (so the block carries the
/// partition, the trades, the prices and every score) and the market record in state (from which the slot's miners
/// are drawn and its delivery is settled).
/// Encoding: <c>u8 version=2 | u64 slot | u64 reward | u32 n | n x (order | u64 fee) | u32 len | outcome |
/// u32 coalitions | coalitions x u64 price | u32 e | e x (order | u8 reason | u64 price | u64 needed | u64 available)</c>,
/// an order being <c>20 address | i64 x | i64 y | i64 P | i64 C | u64 min sell | u64 max buy</c>.
/// </summary>
public sealed class MarketSettlement
{
    private const byte Version = 2;
    private const int OrderSize = Address.Size + (6 * 8);

    public MarketSettlement(
        ulong slot,
        ulong rewardMicro,
        IReadOnlyList<MarketParticipant> participants,
        MarketOutcome outcome,
        IReadOnlyList<ulong>? coalitionPrices = null,
        IReadOnlyList<ulong>? contributions = null,
        IReadOnlyList<ExcludedHousehold>? excluded = null)
    {
        Slot = slot;
        RewardMicro = rewardMicro;
        Participants = participants;
        Outcome = outcome;
        CoalitionPrices = coalitionPrices ?? new ulong[outcome.Coalitions.Count];
        Contributions = contributions ?? new ulong[participants.Count];
        Excluded = excluded ?? [];
        if (CoalitionPrices.Count != outcome.Coalitions.Count || Contributions.Count != participants.Count)
        {
            throw new ArgumentException("one price per coalition and one mining fee per participant");
        }
    }

    public ulong Slot { get; }

    /// <summary>M_r in micro-units: the sum of <see cref="Contributions"/>, paid to the winning coalition when the slot settles.</summary>
    public ulong RewardMicro { get; }

    public IReadOnlyList<MarketParticipant> Participants { get; }

    public MarketOutcome Outcome { get; }

    /// <summary>Each coalition's clearing price (micro-units per Wh; 0 for a coalition without trades between members).</summary>
    public IReadOnlyList<ulong> CoalitionPrices { get; }

    /// <summary>Each participant's mining fee: delta x its saved Wh x the energy value, rounded down (Lemma 2).</summary>
    public IReadOnlyList<ulong> Contributions { get; }

    /// <summary>Households that ordered for the slot but trade with the EDC only in it.</summary>
    public IReadOnlyList<ExcludedHousehold> Excluded { get; }

    public IReadOnlyList<ProsumerInput> Inputs => [.. Participants.Select(p => p.Input)];

    /// <summary>Whether <paramref name="trade"/> is between two members (the market's), not with the EDC.</summary>
    public static bool IsMemberTrade(EnergyTrade trade) => trade.From != EnergyTrade.Edc && trade.To != EnergyTrade.Edc && trade.EnergyWh > 0;

    /// <summary>The price of a trade between members: its coalition's clearing price.</summary>
    public ulong PriceOf(EnergyTrade trade) => IsMemberTrade(trade) ? CoalitionPrices[Outcome.Members[trade.From].CoalitionIndex] : 0;

    /// <summary>What the buyer of <paramref name="trade"/> pays for it (energy x price), saturating.</summary>
    public ulong PaymentOf(EnergyTrade trade) => Saturate((UInt128)(ulong)trade.EnergyWh * PriceOf(trade));

    /// <summary>The trades between members, in the outcome's canonical order.</summary>
    public IEnumerable<EnergyTrade> MemberTrades => Outcome.Trades.Where(IsMemberTrade);

    /// <summary>What participant <paramref name="index"/> pays into escrow when the slot clears: its member purchases.</summary>
    public ulong EscrowOf(int index)
    {
        UInt128 total = 0;
        foreach (var trade in MemberTrades)
        {
            if (trade.To == index)
            {
                total += PaymentOf(trade);
            }
        }

        return Saturate(total);
    }

    public byte[] Encode()
    {
        var outcome = Outcome.Encode();
        var writer = new CanonicalWriter(64 + (Participants.Count * (OrderSize + 8)) + outcome.Length + (CoalitionPrices.Count * 8) + (Excluded.Count * (OrderSize + 25)));
        writer.WriteU8(Version);
        writer.WriteU64(Slot);
        writer.WriteU64(RewardMicro);
        writer.WriteU32((uint)Participants.Count);
        for (var i = 0; i < Participants.Count; i++)
        {
            WriteOrder(writer, Participants[i]);
            writer.WriteU64(Contributions[i]);
        }

        writer.WriteBytes(outcome);
        writer.WriteU32((uint)CoalitionPrices.Count);
        foreach (var price in CoalitionPrices)
        {
            writer.WriteU64(price);
        }

        writer.WriteU32((uint)Excluded.Count);
        foreach (var excluded in Excluded)
        {
            WriteOrder(writer, excluded.Order);
            writer.WriteU8((byte)excluded.Reason);
            writer.WriteU64(excluded.ClearingPriceMicroPerWh);
            writer.WriteU64(excluded.NeededMicro);
            writer.WriteU64(excluded.AvailableMicro);
        }

        return writer.ToArray();
    }

    /// <summary>Decodes a settlement; malformed bytes throw <see cref="DecodeException"/>.</summary>
    public static MarketSettlement Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, $"market settlement version {version}");
        }

        var slot = reader.ReadU64();
        var reward = reader.ReadU64();
        var count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / (OrderSize + 8)))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"market settlement claims {count} participants");
        }

        var participants = new MarketParticipant[count];
        var contributions = new ulong[count];
        for (var i = 0; i < participants.Length; i++)
        {
            participants[i] = ReadOrder(ref reader);
            contributions[i] = reader.ReadU64();
        }

        MarketOutcome outcome;
        try
        {
            outcome = MarketOutcome.Decode(reader.ReadBytes(Account.MaxDataSize, "market outcome"));
        }
        catch (MarketOutcomeFormatException e)
        {
            throw new DecodeException(DecodeError.InvalidValue, $"market outcome: {e.Message}");
        }

        if (outcome.Members.Count != participants.Length)
        {
            throw new DecodeException(DecodeError.InvalidValue, $"market outcome has {outcome.Members.Count} members for {participants.Length} participants");
        }

        var priceCount = reader.ReadU32();
        if (priceCount != (uint)outcome.Coalitions.Count)
        {
            throw new DecodeException(DecodeError.InvalidValue, $"{priceCount} clearing prices for {outcome.Coalitions.Count} coalitions");
        }

        var prices = new ulong[priceCount];
        for (var i = 0; i < prices.Length; i++)
        {
            prices[i] = reader.ReadU64();
        }

        var excludedCount = reader.ReadU32();
        if (excludedCount > (uint)(reader.Remaining / (OrderSize + 25)))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"market settlement claims {excludedCount} excluded households");
        }

        var excluded = new ExcludedHousehold[excludedCount];
        for (var i = 0; i < excluded.Length; i++)
        {
            var order = ReadOrder(ref reader);
            var reason = reader.ReadU8();
            if (reason is not ((byte)ExclusionReason.PriceLimits or (byte)ExclusionReason.Funds))
            {
                throw new DecodeException(DecodeError.InvalidValue, $"exclusion reason {reason}");
            }

            excluded[i] = new ExcludedHousehold(order, (ExclusionReason)reason, reader.ReadU64(), reader.ReadU64(), reader.ReadU64());
        }

        reader.EnsureEnd("market settlement");
        return new MarketSettlement(slot, reward, participants, outcome, prices, contributions, excluded);
    }

    private static void WriteOrder(CanonicalWriter writer, MarketParticipant order)
    {
        Span<byte> address = stackalloc byte[Address.Size];
        order.Address.CopyTo(address);
        writer.WriteFixed(address);
        writer.WriteI64(order.Input.XMetres);
        writer.WriteI64(order.Input.YMetres);
        writer.WriteI64(order.Input.ProductionWh);
        writer.WriteI64(order.Input.ConsumptionWh);
        writer.WriteU64(order.MinSellMicroPerWh);
        writer.WriteU64(order.MaxBuyMicroPerWh);
    }

    private static MarketParticipant ReadOrder(ref CanonicalReader reader)
    {
        var address = new Address(reader.ReadFixed(Address.Size, "participant address"));
        var input = new ProsumerInput(reader.ReadI64(), reader.ReadI64(), reader.ReadI64(), reader.ReadI64());
        return new MarketParticipant(address, input, reader.ReadU64(), reader.ReadU64());
    }

    private static ulong Saturate(UInt128 value) => value > ulong.MaxValue ? ulong.MaxValue : (ulong)value;
}
