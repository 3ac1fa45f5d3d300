using EnergyChain.Consensus.Market;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// The PoEG household market inside block execution (<see cref="IEngineRules"/>); docs/poeg.md has the timeline.
/// <list type="bullet">
/// <item>Households (genesis members) register a grid location once and, during slot m - 1, order for slot m: a
/// forecast of production and consumption with optional price limits (defaults: the EDC's feed-in and retail
/// tariffs).</item>
/// <item>The first block of slot m clears it (<see cref="MarketClearing"/>): coalitions, one price per coalition,
/// exclusions, buyers' payments into escrow and members' mining fees into the reward pool. The producer puts the
/// result in the header's consensus data; every validator recomputes it and refuses a block that differs.</item>
/// <item>After the slot, each household's meter signs a reading of what it produced and consumed; readings are
/// taken for <see cref="PoegParameters.ReadingWindowBlocks"/> blocks.</item>
/// <item>The next block settles slot m on delivered energy (<see cref="MarketDelivery"/>, <see cref="MarketPayments"/>):
/// escrow to sellers for what they delivered and back to buyers for the rest, shortfalls charged, penalties, and the
/// mining reward paid from the pool to the winning coalition. Also carried in the header and recomputed.</item>
/// </list>
/// </summary>
public sealed class PoegRules : IEngineRules
{
    private readonly PoegParameters _parameters;
    private readonly CoalitionLeaderSelector _leaders;
    private readonly Lock _cacheLock = new();
    private (Hash256 Parent, ulong Height, byte[] Data)? _cache;
    private (Hash256 Settlement, IReadOnlyList<int> Members, long[] Shares)? _sharesCache;

    /// <param name="parameters">The engine's genesis parameters.</param>
    /// <param name="leaders">The miner election, which draws the winning coalition.</param>
    public PoegRules(PoegParameters parameters, CoalitionLeaderSelector leaders)
    {
        _parameters = parameters;
        _leaders = leaders;
    }

    public PoegParameters Parameters => _parameters;

    /// <summary>
    /// The meter of <paramref name="household"/> as its member record in <paramref name="state"/> holds it for the block at
    /// <paramref name="height"/> (null for a non-member or a household without a meter: nothing it reads can be settled, so
    /// it counts as delivering nothing). From state, so a household that joined has its meter's readings counted.
    /// </summary>
    public static Address? MeterOf(IStateReader state, Address household, ulong height) =>
        MembershipState.MembersAt(state, height).FirstOrDefault(m => m.Address == household)?.Meter?.Address;

    public bool Handles(TxType type) => type is TxType.EnergyReport or TxType.GridRegistration or TxType.MeterReading;

    public TxRejection? Check(IStateReader state, Transaction tx, ulong height)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return tx.Payload switch
        {
            GridRegistrationPayload location => CheckLocation(state, tx.SenderAddress, location, height),
            EnergyReportPayload order => CheckOrder(state, tx.SenderAddress, order, height),
            MeterReadingPayload reading => CheckReading(state, tx.SenderAddress, reading, height),
            _ => new TxRejection(TxError.UnsupportedByEngine, $"{tx.Type} is not a PoEG transaction"),
        };
    }

    public void Execute(StateOverlay state, Transaction tx, ulong height)
    {
        ArgumentNullException.ThrowIfNull(tx);
        switch (tx.Payload)
        {
            case GridRegistrationPayload location:
                PoegLedger.SetHousehold(state, tx.SenderAddress, new HouseholdRecord(location.XMetres, location.YMetres, 0, 0, 0));
                break;
            case EnergyReportPayload order:
                var household = PoegLedger.Household(state, tx.SenderAddress)!;
                PoegLedger.SetHousehold(state, tx.SenderAddress, household with
                {
                    ForecastSlot = TargetSlot(order, height),
                    ProductionWh = order.ProductionWh,
                    ConsumptionWh = order.ConsumptionWh,
                    MinSellMicroPerWh = order.MinSellMicroPerWh ?? _parameters.FeedInMicroPerWh,
                    MaxBuyMicroPerWh = order.MaxBuyMicroPerWh ?? _parameters.RetailMicroPerWh,
                });
                break;
            case MeterReadingPayload reading:
                var read = PoegLedger.Household(state, reading.Household)!;
                PoegLedger.SetHousehold(state, reading.Household, read with
                {
                    ReadingSlot = reading.MarketSlot,
                    ProducedWh = reading.ProducedWh,
                    ConsumedWh = reading.ConsumedWh,
                });
                break;
        }
    }

    public ReadOnlyMemory<byte> ConsensusDataFor(BlockHeader draft, IChainState parent)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return ExpectedData(draft.Height, parent) ?? ReadOnlyMemory<byte>.Empty;
    }

    public string? BeginBlock(StateOverlay state, BlockHeader header, IChainState parent, ISystemContractCaller? contracts)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(header);
        var expected = ExpectedData(header.Height, parent);
        if (expected is null)
        {
            return header.ConsensusData.IsEmpty
                ? null
                : $"block {header.Height} neither clears nor settles a market slot and must carry no consensus data";
        }

        if (!header.ConsensusData.Span.SequenceEqual(expected))
        {
            var what = _parameters.IsSettlementHeight(header.Height) ? "clearing" : "settlement on delivered energy";
            return $"the market {what} in block {header.Height} differs from the one this node computes from the same orders, readings and balances";
        }

        if (_parameters.IsSettlementHeight(header.Height))
        {
            var clearing = MarketSettlement.Decode(expected);
            if (PoegLedger.Market(parent) is { } previous)
            {
                PoegLedger.SetDelivering(state, previous.Encode());
            }

            PoegLedger.SetMarket(state, expected);
            return MarketPayments.Collect(state, clearing);
        }

        var delivering = PoegLedger.Delivering(parent)!;
        PoegLedger.SetDelivering(state, []);
        return MarketPayments.Settle(state, delivering, DeliverySettlement.Decode(expected), contracts, ContextOf(header, parent));
    }

    /// <summary>
    /// The consensus data the block at <paramref name="height"/> must carry: the slot's clearing at its first block,
    /// the previous slot's settlement on delivered energy at the end of its reading window, else null. Cached per
    /// parent: the builder and Apply both ask.
    /// </summary>
    public byte[]? ExpectedData(ulong height, IChainState parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var settles = _parameters.DeliverySlotAt(height) is { } slot && PoegLedger.Delivering(parent) is { } d && d.Slot == slot;
        if (!_parameters.IsSettlementHeight(height) && !settles)
        {
            return null;
        }

        var parentHash = parent.Head.Hash;
        lock (_cacheLock)
        {
            if (_cache is { } cached && cached.Parent == parentHash && cached.Height == height)
            {
                return cached.Data;
            }
        }

        var data = _parameters.IsSettlementHeight(height)
            ? ComputeSettlement(_parameters.MarketSlotOf(height), parent).Encode()
            : ComputeDelivery(PoegLedger.Delivering(parent)!, parent, height).Encode();
        lock (_cacheLock)
        {
            _cache = (parentHash, height, data);
        }

        return data;
    }

    /// <summary>The clearing bytes of the slot starting at <paramref name="height"/>.</summary>
    public byte[] SettlementFor(ulong height, IChainState parent) => ExpectedData(height, parent) ?? throw new ArgumentException($"block {height} does not clear a market slot", nameof(height));

    /// <summary>Clears <paramref name="slot"/> over the households that ordered for it, in address order.</summary>
    public MarketSettlement ComputeSettlement(ulong slot, IStateReader parent)
    {
        var orders = new List<MarketParticipant>();
        foreach (var member in MembershipState.MembersAt(parent, _parameters.SettlementHeightOf(slot)).Select(m => m.Address).Order())
        {
            if (slot != 0 && PoegLedger.Household(parent, member) is { } record && record.ForecastSlot == slot)
            {
                orders.Add(new MarketParticipant(
                    member,
                    new ProsumerInput(record.XMetres, record.YMetres, (long)record.ProductionWh, (long)record.ConsumptionWh),
                    record.MinSellMicroPerWh,
                    record.MaxBuyMicroPerWh));
            }
        }

        return MarketClearing.Clear(slot, orders, address => parent.GetAccount(address).Balance, _parameters);
    }

    /// <summary>Settles <paramref name="clearing"/> on the readings and balances in <paramref name="parent"/>, for the block at <paramref name="height"/>.</summary>
    public DeliverySettlement ComputeDelivery(MarketSettlement clearing, IStateReader parent, ulong height) =>
        MarketDelivery.Settle(clearing, address => PoegLedger.Household(parent, address), parent, RewardShares(clearing, MembershipState.MembersAt(parent, height)), _parameters);

    /// <summary><see cref="RewardShares(MarketSettlement, IReadOnlyList{MemberRecord})"/> over the members of the block after <paramref name="chain"/>'s head (read models).</summary>
    public (IReadOnlyList<int> Members, long[] Shares) RewardShares(MarketSettlement settlement, IChainState chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return RewardShares(settlement, MembershipState.MembersAt(chain, chain.Head.Height + 1));
    }

    /// <summary>
    /// The Shapley shares of the slot's reward for the members of its winning coalition (participant indices), drawn
    /// over <paramref name="members"/>, the member set of the block that settles it.
    /// </summary>
    /// <remarks>
    /// Cached per settlement: the builder, <see cref="BeginBlock"/> and the API all ask, and above 12 members the
    /// sampled Shapley values cost up to about a second.
    /// </remarks>
    public (IReadOnlyList<int> Members, long[] Shares) RewardShares(MarketSettlement settlement, IReadOnlyList<MemberRecord> members)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        ArgumentNullException.ThrowIfNull(members);

        // The winner depends on the member set only when no coalition scored; the key covers it anyway.
        var key = Hash256.Compute([.. settlement.Encode(), .. members.SelectMany(m => m.NodeKey.Span.ToArray())]);
        lock (_cacheLock)
        {
            if (_sharesCache is { } cached && cached.Settlement == key)
            {
                return (cached.Members, cached.Shares);
            }
        }

        var winner = _leaders.WinningCoalition(settlement, members);
        if (winner < 0 || settlement.RewardMicro == 0)
        {
            return ([], []);
        }

        var rewarded = settlement.Outcome.Coalitions[winner].Members;
        var total = (long)Math.Min(settlement.RewardMicro, long.MaxValue);
        Span<byte> seed = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(seed, settlement.Slot);
        var shares = ShapleyRewards.Allocate(total, settlement.Inputs, rewarded, _parameters.Grid, seed);
        lock (_cacheLock)
        {
            _sharesCache = (key, rewarded, shares);
        }

        return (rewarded, shares);
    }

    private TxRejection? CheckLocation(IStateReader state, Address sender, GridRegistrationPayload location, ulong height)
    {
        if (!MembershipState.IsMemberAt(state, sender, height))
        {
            return NotMember(sender);
        }

        if (PoegLedger.Household(state, sender) is { } record)
        {
            return Refuse($"{sender} already registered its location ({record.XMetres} m, {record.YMetres} m); a location is registered once");
        }

        return location.XMetres is < 0 or > PoegParameters.MaxCoordinateMetres || location.YMetres is < 0 or > PoegParameters.MaxCoordinateMetres
            ? Refuse($"location ({location.XMetres} m, {location.YMetres} m) is outside 0..{PoegParameters.MaxCoordinateMetres} m")
            : null;
    }

    private TxRejection? CheckOrder(IStateReader state, Address sender, EnergyReportPayload order, ulong height)
    {
        if (!MembershipState.IsMemberAt(state, sender, height))
        {
            return NotMember(sender);
        }

        if (PoegLedger.Household(state, sender) is not { } record)
        {
            return Refuse($"{sender} has no registered grid location: register it first (ecw report location)");
        }

        var current = _parameters.MarketSlotOf(height);
        var target = TargetSlot(order, height);
        if (target <= current)
        {
            return Refuse($"market slot {target} is past or being traded (the block at height {height} is in slot {current}); order for slot {current + 1}");
        }

        if (target > current + 1)
        {
            return Refuse($"market slot {target} is too far ahead: orders are taken for the next slot ({current + 1}) only");
        }

        if (order.ProductionWh > _parameters.MaxForecastWh || order.ConsumptionWh > _parameters.MaxForecastWh)
        {
            return new TxRejection(TxError.ValueOutOfRange, $"forecast of {order.ProductionWh} Wh produced and {order.ConsumptionWh} Wh consumed exceeds the limit of {_parameters.MaxForecastWh} Wh per slot");
        }

        var minSell = order.MinSellMicroPerWh ?? _parameters.FeedInMicroPerWh;
        var maxBuy = order.MaxBuyMicroPerWh ?? _parameters.RetailMicroPerWh;
        if (minSell > PoegParameters.MaxPriceMicroPerWh || maxBuy > PoegParameters.MaxPriceMicroPerWh)
        {
            return new TxRejection(TxError.InvalidPriceLimits, $"price limits (minimum sell {minSell}, maximum buy {maxBuy} micro/Wh) must be at most {PoegParameters.MaxPriceMicroPerWh} micro/Wh");
        }

        // Only limits the household stated can be inverted: a buyer's maximum below the default seller minimum is a
        // legitimate bid (it then finds no coalition price and trades with the EDC).
        if (order is { MinSellMicroPerWh: { } statedMin, MaxBuyMicroPerWh: { } statedMax } && statedMin > statedMax)
        {
            return new TxRejection(TxError.InvalidPriceLimits, $"price limits are inverted: minimum sell {statedMin} micro/Wh is above maximum buy {statedMax} micro/Wh");
        }

        return record.ForecastSlot == target
            ? Refuse($"{sender} already ordered for market slot {target}; one order per household and slot")
            : null;
    }

    private TxRejection? CheckReading(IStateReader state, Address sender, MeterReadingPayload reading, ulong height)
    {
        var household = reading.Household;
        if (!MembershipState.IsMemberAt(state, household, height))
        {
            return NotMember(household);
        }

        if (MeterOf(state, household, height) is not { } meter)
        {
            return new TxRejection(TxError.NotHouseholdMeter, $"{household} has no registered meter, so no reading can be taken for it");
        }

        if (sender != meter)
        {
            return new TxRejection(TxError.NotHouseholdMeter, $"the reading is signed by {sender}, which is not the meter of {household} ({meter})");
        }

        var current = _parameters.MarketSlotOf(height);
        var slot = reading.MarketSlot;
        if (slot >= current)
        {
            return new TxRejection(TxError.ReadingOutOfWindow, $"market slot {slot} has not ended (the block at height {height} is in slot {current}); read it after the slot");
        }

        var closes = _parameters.DeliveryHeightOf(slot);
        if (height >= closes)
        {
            return new TxRejection(TxError.ReadingOutOfWindow, $"readings for market slot {slot} closed at height {closes} (this block is {height})");
        }

        if (reading.ProducedWh > _parameters.MaxForecastWh || reading.ConsumedWh > _parameters.MaxForecastWh)
        {
            return new TxRejection(TxError.ValueOutOfRange, $"reading of {reading.ProducedWh} Wh produced and {reading.ConsumedWh} Wh consumed exceeds the limit of {_parameters.MaxForecastWh} Wh per slot");
        }

        // Inside a block the slot's clearing has moved to the delivering record; checked against the head before the
        // next slot's first block (the mempool's view), it is still the market record.
        var clearing = PoegLedger.Delivering(state) is { } delivering && delivering.Slot == slot ? delivering
            : PoegLedger.Market(state) is { } market && market.Slot == slot ? market
            : null;
        if (clearing is null || !(clearing.Participants.Any(p => p.Address == household) || clearing.Excluded.Any(e => e.Address == household)))
        {
            return Refuse($"{household} did not order for market slot {slot}: there is nothing to settle on a reading");
        }

        return PoegLedger.Household(state, household) is { } record && record.ReadingSlot == slot
            ? new TxRejection(TxError.DuplicateReading, $"{household}'s meter already read market slot {slot} ({record.ProducedWh} Wh produced, {record.ConsumedWh} Wh consumed)")
            : null;
    }

    private static ContractContext ContextOf(BlockHeader header, IChainState parent) => new(
        header.Height,
        header.Slot,
        header.Timestamp,
        header.ParentHash,
        header.ProducerKey is { } producer ? Address.FromPublicKey(producer) : Address.Zero,
        parent);

    private ulong TargetSlot(EnergyReportPayload forecast, ulong height) =>
        forecast.MarketSlot == 0 ? _parameters.MarketSlotOf(height) + 1 : forecast.MarketSlot;

    private static TxRejection NotMember(Address address) =>
        Refuse($"{address} is not a member of this chain: only member households take part in the market");

    private static TxRejection Refuse(string message) => new(TxError.InvalidReport, message);
}
