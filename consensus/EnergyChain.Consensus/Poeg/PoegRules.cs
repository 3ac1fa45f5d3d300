using EnergyChain.Consensus.Market;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// The PoEG market inside block execution (<see cref="IEngineRules"/>):
/// <list type="bullet">
/// <item>Households (genesis members) register a grid location once and forecast production and consumption for
/// the next market slot; forecasts that are out of range, for a past or far slot, duplicated, from a non-member or
/// from an unregistered household are refused with the reason.</item>
/// <item>The first block of market slot m settles it: coalition formation (Algorithm 3) over the households that
/// forecast slot m, in address order, gives the partition, the trades inside coalitions and with the EDC, and
/// every member's score. The producer puts the result in the header's consensus data; every validator recomputes
/// it from the parent state and refuses a block whose data differs by one byte.</item>
/// <item>The same block pays slot m-1's mining reward M_r = delta x saved Wh x price (eq. 3.23) to the members of
/// m-1's winning coalition in Shapley shares (eq. 3.3); a member slashed since that settlement gets nothing
/// (eq. 3.24: the reward is withheld). On a chain with a contract runtime (the node's; handed to <see cref="BeginBlock"/>)
/// the reward is paid by a system call of the reward contract's <c>distribute</c>: the sum of the non-withheld
/// shares is minted into the call and the contract pays each member its share exactly, so it ends with nothing.
/// Without one (chains built by hand in tests) the shares are minted straight into the members' balances.</item>
/// <item>With a contract runtime wired, the same block also settles the slot's P2P trades inside coalitions (not
/// the EDC's) at <see cref="PoegParameters.PriceMicroPerWh"/> x Wh, in the outcome's canonical order: the buyer is
/// debited what it can pay of that (never below zero) and the trading contract's
/// <c>settle_coalition_trade</c> pays it to the seller and records the shortfall in its event. Without a runtime
/// trades are only recorded.</item>
/// </list>
/// </summary>
public sealed class PoegRules(PoegParameters parameters, CoalitionLeaderSelector leaders) : IEngineRules
{
    private readonly Lock _cacheLock = new();
    private (Hash256 Parent, ulong Height, byte[] Data)? _cache;
    private (Hash256 Settlement, IReadOnlyList<int> Members, long[] Shares)? _sharesCache;

    /// <summary>reward.ecasm <c>f0 distribute(recipients, shares)</c>.</summary>
    public const ushort RewardDistributeFunction = 0;

    /// <summary>trading.ecasm <c>f11 settle_coalition_trade(seller, buyer, wh, price)</c>.</summary>
    public const ushort TradingSettleCoalitionTradeFunction = 11;

    public PoegParameters Parameters => parameters;

    public bool Handles(TxType type) => type is TxType.EnergyReport or TxType.GridRegistration;

    public TxRejection? Check(IStateReader state, Transaction tx, ulong height)
    {
        var sender = tx.SenderAddress;
        if (!leaders.IsMember(sender))
        {
            return Refuse($"{sender} is not a member of this chain: only member households take part in the market");
        }

        var record = PoegLedger.Household(state, sender);
        switch (tx.Payload)
        {
            case GridRegistrationPayload location:
                if (record is not null)
                {
                    return Refuse($"{sender} already registered its location ({record.XMetres} m, {record.YMetres} m); a location is registered once");
                }

                if (location.XMetres is < 0 or > PoegParameters.MaxCoordinateMetres || location.YMetres is < 0 or > PoegParameters.MaxCoordinateMetres)
                {
                    return Refuse($"location ({location.XMetres} m, {location.YMetres} m) is outside 0..{PoegParameters.MaxCoordinateMetres} m");
                }

                return null;

            case EnergyReportPayload forecast:
                if (record is null)
                {
                    return Refuse($"{sender} has no registered grid location: register it first (ecw report location)");
                }

                var current = parameters.MarketSlotOf(height);
                var target = TargetSlot(forecast, height);
                if (target <= current)
                {
                    return Refuse($"market slot {target} is past or being traded (the block at height {height} is in slot {current}); forecast slot {current + 1}");
                }

                if (target > current + 1)
                {
                    return Refuse($"market slot {target} is too far ahead: forecasts are taken for the next slot ({current + 1}) only");
                }

                if (forecast.ProductionWh > parameters.MaxForecastWh || forecast.ConsumptionWh > parameters.MaxForecastWh)
                {
                    return Refuse($"forecast of {forecast.ProductionWh} Wh produced and {forecast.ConsumptionWh} Wh consumed exceeds the limit of {parameters.MaxForecastWh} Wh per slot");
                }

                if (record.ForecastSlot == target)
                {
                    return Refuse($"{sender} already forecast market slot {target}; one forecast per household and slot");
                }

                return null;

            default:
                return new TxRejection(TxError.UnsupportedByEngine, $"{tx.Type} is not a PoEG transaction");
        }
    }

    public void Execute(StateOverlay state, Transaction tx, ulong height)
    {
        var sender = tx.SenderAddress;
        switch (tx.Payload)
        {
            case GridRegistrationPayload location:
                PoegLedger.SetHousehold(state, sender, new HouseholdRecord(location.XMetres, location.YMetres, 0, 0, 0));
                break;
            case EnergyReportPayload forecast:
                var record = PoegLedger.Household(state, sender)!;
                PoegLedger.SetHousehold(state, sender, record with
                {
                    ForecastSlot = TargetSlot(forecast, height),
                    ProductionWh = forecast.ProductionWh,
                    ConsumptionWh = forecast.ConsumptionWh,
                });
                break;
        }
    }

    public ReadOnlyMemory<byte> ConsensusDataFor(BlockHeader draft, IChainState parent) =>
        parameters.IsSettlementHeight(draft.Height) ? SettlementFor(draft.Height, parent) : ReadOnlyMemory<byte>.Empty;

    public string? BeginBlock(StateOverlay state, BlockHeader header, IChainState parent, ISystemContractCaller? contracts)
    {
        if (!parameters.IsSettlementHeight(header.Height))
        {
            return header.ConsensusData.IsEmpty
                ? null
                : $"block {header.Height} is inside market slot {parameters.MarketSlotOf(header.Height)} and must carry no consensus data";
        }

        var expected = SettlementFor(header.Height, parent);
        if (!header.ConsensusData.Span.SequenceEqual(expected))
        {
            return $"the market settlement of slot {parameters.MarketSlotOf(header.Height)} in block {header.Height} differs from the one this node computes from the same forecasts";
        }

        var context = ContextOf(header, parent);
        if (PoegLedger.Market(parent) is { } previous && PayReward(state, previous, contracts, context) is { } rewardError)
        {
            return rewardError;
        }

        if (contracts is not null)
        {
            SettleTrades(state, MarketSettlement.Decode(expected), contracts, context);
        }

        PoegLedger.SetMarket(state, expected);
        return null;
    }

    /// <summary>The settlement bytes of the slot starting at <paramref name="height"/> (cached per parent: the builder and Apply both ask).</summary>
    public byte[] SettlementFor(ulong height, IChainState parent)
    {
        var parentHash = parent.Head.Hash;
        lock (_cacheLock)
        {
            if (_cache is { } cached && cached.Parent == parentHash && cached.Height == height)
            {
                return cached.Data;
            }
        }

        var data = ComputeSettlement(parameters.MarketSlotOf(height), parent).Encode();
        lock (_cacheLock)
        {
            _cache = (parentHash, height, data);
        }

        return data;
    }

    /// <summary>Runs coalition formation over the households that forecast <paramref name="slot"/>, in address order.</summary>
    public MarketSettlement ComputeSettlement(ulong slot, IStateReader parent)
    {
        var participants = new List<MarketParticipant>();
        foreach (var member in leaders.Members.Select(m => m.Address).Order())
        {
            if (PoegLedger.Household(parent, member) is { } record && record.ForecastSlot == slot && slot != 0)
            {
                participants.Add(new MarketParticipant(member, new ProsumerInput(record.XMetres, record.YMetres, (long)record.ProductionWh, (long)record.ConsumptionWh)));
            }
        }

        var outcome = CoalitionFormation.Form([.. participants.Select(p => p.Input)], parameters.Grid);
        var savings = (UInt128)(ulong)Math.Max(0, outcome.TotalSavingsWh);
        var reward = savings * parameters.DeltaPpm * parameters.PriceMicroPerWh / 1_000_000;
        return new MarketSettlement(slot, reward > ulong.MaxValue ? ulong.MaxValue : (ulong)reward, participants, outcome);
    }

    /// <summary>The Shapley shares of the slot's reward for the members of its winning coalition (participant indices).</summary>
    /// <remarks>
    /// Cached per settlement: the builder and <see cref="BeginBlock"/> both pay the same reward, and the API shows it;
    /// above 12 members the sampled Shapley values cost up to about a second, so they are computed once.
    /// </remarks>
    public (IReadOnlyList<int> Members, long[] Shares) RewardShares(MarketSettlement settlement)
    {
        var key = Hash256.Compute(settlement.Encode());
        lock (_cacheLock)
        {
            if (_sharesCache is { } cached && cached.Settlement == key)
            {
                return (cached.Members, cached.Shares);
            }
        }

        var winner = leaders.WinningCoalition(settlement);
        if (winner < 0 || settlement.RewardMicro == 0)
        {
            return ([], []);
        }

        var members = settlement.Outcome.Coalitions[winner].Members;
        var total = (long)Math.Min(settlement.RewardMicro, long.MaxValue);
        Span<byte> seed = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(seed, settlement.Slot);
        var shares = ShapleyRewards.Allocate(total, settlement.Inputs, members, parameters.Grid, seed);
        lock (_cacheLock)
        {
            _sharesCache = (key, members, shares);
        }

        return (members, shares);
    }

    private string? PayReward(StateOverlay state, MarketSettlement previous, ISystemContractCaller? contracts, ContractContext context)
    {
        var (members, shares) = RewardShares(previous);
        var since = parameters.SettlementHeightOf(previous.Slot);
        var recipients = new List<(Address Address, ulong Share)>();
        for (var i = 0; i < members.Count; i++)
        {
            var address = previous.Participants[members[i]].Address;
            if (shares[i] <= 0 || state.GetAccount(address).LastSlashedHeight >= since)
            {
                continue; // nothing earned, or withheld: the member was slashed while its coalition mined (eq. 3.24)
            }

            recipients.Add((address, (ulong)shares[i]));
        }

        if (recipients.Count == 0)
        {
            return null;
        }

        if (contracts is null)
        {
            return MintReward(state, previous.Slot, recipients);
        }

        // The shares sum to at most M_r (<= 2^63-1): reward.distribute pays each exactly its share (floor(total x
        // share / sum) with total = sum, the last one the remainder), so the contract ends with nothing.
        var total = 0UL;
        var addresses = new byte[recipients.Count * Address.Size];
        var shareBytes = new byte[recipients.Count * 8];
        for (var i = 0; i < recipients.Count; i++)
        {
            total += recipients[i].Share;
            recipients[i].Address.ToArray().CopyTo(addresses, i * Address.Size);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(shareBytes.AsSpan(i * 8), recipients[i].Share);
        }

        var result = contracts.SystemCall(state, SystemAddresses.Reward, RewardDistributeFunction, [ContractArg.Of(addresses), ContractArg.Of(shareBytes)], total, context);
        return result.Ok ? null : $"paying slot {previous.Slot}'s mining reward through the reward contract failed: {result.Error}";
    }

    private static string? MintReward(StateOverlay state, ulong slot, List<(Address Address, ulong Share)> recipients)
    {
        foreach (var (address, share) in recipients)
        {
            var account = state.GetAccount(address);
            var balance = account.Balance + share;
            if (balance < account.Balance)
            {
                return $"paying {share} of slot {slot}'s mining reward would overflow {address}'s balance";
            }

            state.SetAccount(address, account with { Balance = balance });
        }

        return null;
    }

    /// <summary>
    /// Settles <paramref name="settlement"/>'s P2P trades (canonical order) at the slot price through the trading
    /// contract: the buyer's payment (what it has, up to price x Wh) is debited into the call, the contract pays the
    /// seller. A trade whose call fails (it cannot with sane parameters) moves nothing; the block stays valid.
    /// </summary>
    private void SettleTrades(StateOverlay state, MarketSettlement settlement, ISystemContractCaller contracts, ContractContext context)
    {
        var price = parameters.PriceMicroPerWh;
        foreach (var trade in settlement.Outcome.Trades)
        {
            if (trade.From == EnergyTrade.Edc || trade.To == EnergyTrade.Edc || trade.EnergyWh <= 0)
            {
                continue; // trades with the EDC are the grid operator's, settled off chain
            }

            var due = (UInt128)(ulong)trade.EnergyWh * price;
            if (due > long.MaxValue || price > long.MaxValue)
            {
                continue; // not representable in the VM's integers: cannot happen within the parameter bounds
            }

            var seller = settlement.Participants[trade.From].Address;
            var buyer = settlement.Participants[trade.To].Address;
            var scratch = new StateOverlay(state);
            var account = scratch.GetAccount(buyer);
            var paid = Math.Min(account.Balance, (ulong)due);
            if (paid > 0)
            {
                scratch.SetAccount(buyer, account with { Balance = account.Balance - paid });
            }

            var result = contracts.SystemCall(
                scratch,
                SystemAddresses.Trading,
                TradingSettleCoalitionTradeFunction,
                [ContractArg.Of(seller.ToArray()), ContractArg.Of(buyer.ToArray()), ContractArg.Int(trade.EnergyWh), ContractArg.Int((long)price)],
                paid,
                context);
            if (result.Ok)
            {
                scratch.CopyTo(state);
            }
        }
    }

    private static ContractContext ContextOf(BlockHeader header, IChainState parent) => new(
        header.Height,
        header.Slot,
        header.Timestamp,
        header.ParentHash,
        header.ProducerKey is { } producer ? Address.FromPublicKey(producer) : Address.Zero,
        parent);

    private ulong TargetSlot(EnergyReportPayload forecast, ulong height) =>
        forecast.MarketSlot == 0 ? parameters.MarketSlotOf(height) + 1 : forecast.MarketSlot;

    private static TxRejection Refuse(string message) => new(TxError.InvalidReport, message);
}
