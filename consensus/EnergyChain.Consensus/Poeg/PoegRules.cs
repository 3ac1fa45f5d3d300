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
/// (eq. 3.24: the reward is withheld). The reward is minted.</item>
/// </list>
/// </summary>
public sealed class PoegRules(PoegParameters parameters, CoalitionLeaderSelector leaders) : IEngineRules
{
    private readonly Lock _cacheLock = new();
    private (Hash256 Parent, ulong Height, byte[] Data)? _cache;

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

    public string? BeginBlock(StateOverlay state, BlockHeader header, IChainState parent)
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

        if (PoegLedger.Market(parent) is { } previous && PayReward(state, previous) is { } rewardError)
        {
            return rewardError;
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
    public (IReadOnlyList<int> Members, long[] Shares) RewardShares(MarketSettlement settlement)
    {
        var winner = leaders.WinningCoalition(settlement);
        if (winner < 0 || settlement.RewardMicro == 0)
        {
            return ([], []);
        }

        var members = settlement.Outcome.Coalitions[winner].Members;
        var total = (long)Math.Min(settlement.RewardMicro, long.MaxValue);
        Span<byte> seed = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(seed, settlement.Slot);
        return (members, ShapleyRewards.Allocate(total, settlement.Inputs, members, parameters.Grid, seed));
    }

    private string? PayReward(StateOverlay state, MarketSettlement previous)
    {
        var (members, shares) = RewardShares(previous);
        var since = parameters.SettlementHeightOf(previous.Slot);
        for (var i = 0; i < members.Count; i++)
        {
            var address = previous.Participants[members[i]].Address;
            var account = state.GetAccount(address);
            if (shares[i] <= 0 || account.LastSlashedHeight >= since)
            {
                continue; // nothing earned, or withheld: the member was slashed while its coalition mined (eq. 3.24)
            }

            var balance = account.Balance + (ulong)shares[i];
            if (balance < account.Balance)
            {
                return $"paying {shares[i]} of slot {previous.Slot}'s mining reward would overflow {address}'s balance";
            }

            state.SetAccount(address, account with { Balance = balance });
        }

        return null;
    }

    private ulong TargetSlot(EnergyReportPayload forecast, ulong height) =>
        forecast.MarketSlot == 0 ? parameters.MarketSlotOf(height) + 1 : forecast.MarketSlot;

    private static TxRejection Refuse(string message) => new(TxError.InvalidReport, message);
}
