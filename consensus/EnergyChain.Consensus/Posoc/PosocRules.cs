using EnergyChain.Consensus.Federated;
using EnergyChain.Consensus.Posoc.V2v;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// PoSOC inside block execution (<see cref="IEngineRules"/>):
/// <list type="bullet">
/// <item>EVs (genesis members) report every hour (state of charge, energy charged and discharged, departing); the
/// report's hourly score (eq. 4.1-4.4) joins the EV's 24-hour window (eq. 4.17) and its profit at the hour's
/// time-of-use price joins its profit of the round. Out-of-range, duplicated, non-member and "departing twice"
/// reports are refused with the reason.</item>
/// <item>EVs send one model update per round (Q16.16 weights of the agreed shape).</item>
/// <item>The first block of round r+1 closes round r: the aggregate of r's updates (FedAvg, median or trimmed
/// mean, in integers) becomes the global model; r's mLAG collects beta x profit from every EV that made a profit
/// (eq. 4.20), and an EV that cannot pay owes the rest and is not elected until it has paid (Fig. 4.5); the
/// election of round r+1's mLAG is fixed from the 24-hour scores. The block carries the close
/// (<see cref="RoundClose"/>) as consensus data and every validator recomputes it.</item>
/// </list>
/// </summary>
public sealed class PosocRules(PosocParameters parameters) : IEngineRules
{
    private readonly Lock _cacheLock = new();
    private (Hash256 Parent, ulong Height, PosocBlockData Data)? _cache;

    public PosocParameters Parameters => parameters;

    /// <summary>penalty.ecasm <c>f5 collect_fee(ev, mlag, amount)</c>.</summary>
    public const ushort PenaltyCollectFeeFunction = 5;

    public bool Handles(TxType type) => type is TxType.EvReport or TxType.ModelUpdate or TxType.V2vIntent or TxType.V2vDelivery;

    public TxRejection? Check(IStateReader state, Transaction tx, ulong height)
    {
        var sender = tx.SenderAddress;
        if (!MembershipState.IsMemberAt(state, sender, height))
        {
            return Refuse($"{sender} is not a member of this chain: only member EVs report and learn");
        }

        switch (tx.Payload)
        {
            case EvReportPayload report:
                if (report.SocPpm > report.MaxSocPpm)
                {
                    return Refuse($"state of charge {report.SocPpm} ppm is above the maximum {report.MaxSocPpm} ppm");
                }

                if (report.ChargedWh > parameters.MaxReportWh || report.DischargedWh > parameters.MaxReportWh)
                {
                    return Refuse($"{report.ChargedWh} Wh charged and {report.DischargedWh} Wh discharged exceed the limit of {parameters.MaxReportWh} Wh in an hour");
                }

                var record = PosocLedger.Ev(state, sender);
                var hour = parameters.HourOf(height);
                if (record.LastReportHourPlusOne == hour + 1)
                {
                    return Refuse($"{sender} already reported hour {hour}; one report per EV and hour");
                }

                if (report.Departing && record.Departed)
                {
                    return Refuse($"{sender} already departed; report it back (not departing) before departing again");
                }

                return null;

            case ModelUpdatePayload update:
                var round = parameters.RoundOf(height);
                if (update.Round != round)
                {
                    return Refuse($"model update for round {update.Round}, but round {round} is open");
                }

                if (update.ShapeId != parameters.ShapeId || update.Weights.Length != parameters.ModelParameters)
                {
                    return Refuse($"wrong model shape: {update.Weights.Length} weights of shape {update.ShapeId:x8}; this chain learns '{parameters.ModelShape}' ({parameters.ShapeId:x8}) with {parameters.ModelParameters} weights");
                }

                if (PosocLedger.Update(state, sender) is { } pending && pending.Round == round)
                {
                    return Refuse($"{sender} already sent its model update for round {round}");
                }

                return null;

            case V2vIntentPayload intent:
                return V2vChecks.Intent(parameters, state, sender, intent, height);

            case V2vDeliveryPayload delivery:
                return V2vChecks.Delivery(parameters, state, sender, delivery, height);

            default:
                return new TxRejection(TxError.UnsupportedByEngine, $"{tx.Type} is not a PoSOC transaction");
        }
    }

    public void Execute(StateOverlay state, Transaction tx, ulong height)
    {
        var sender = tx.SenderAddress;
        switch (tx.Payload)
        {
            case EvReportPayload report:
                var hour = parameters.HourOf(height);
                var hourOfDay = (int)(hour % 24);
                var record = PosocLedger.Ev(state, sender);
                var score = PosocScore.Hourly(report, hourOfDay, parameters.Tariff);
                var scores = record.Scores.Where(s => (ulong)s.Hour + PosocScore.WindowHours > hour).Append(new HourlyScore((long)hour, score)).ToList();

                // The report moves the score only: profit (and so the mLAG's fee) comes from settled V2V trades.
                PosocLedger.SetEv(state, sender, record with
                {
                    Departed = report.Departing,
                    LastReportHourPlusOne = hour + 1,
                    Scores = scores,
                });
                break;
            case ModelUpdatePayload update:
                PosocLedger.SetUpdate(state, sender, update);
                break;
            case V2vIntentPayload intent:
                V2vLedger.SetIntent(state, intent.Hour, sender, intent);
                break;
            case V2vDeliveryPayload delivery:
                V2vLedger.SetReport(state, delivery.Hour, sender, delivery.Counterparty, delivery.EnergyWh);
                break;
        }
    }

    public ReadOnlyMemory<byte> ConsensusDataFor(BlockHeader draft, IChainState parent) => BlockDataFor(draft.Height, parent).Encode();

    public string? BeginBlock(StateOverlay state, BlockHeader header, IChainState parent, ISystemContractCaller? contracts)
    {
        var data = BlockDataFor(header.Height, parent);
        if (!header.ConsensusData.Span.SequenceEqual(data.Encode()))
        {
            return parameters.IsHourStart(header.Height)
                ? $"the consensus data of block {header.Height} (round close, V2V settlement or V2V matching) differs from what this node computes"
                : $"block {header.Height} does not open an hour and must carry no consensus data";
        }

        if (!parameters.IsRoundStart(header.Height))
        {
            return ApplyV2v(state, header, parent, data, contracts);
        }

        if (data.Close is { } close)
        {
            if (close.Contributors > 0)
            {
                PosocLedger.SetModel(state, new GlobalModel(close.ClosedRound, close.Contributors, close.Weights));
            }

            if (CollectFees(state, header, parent, contracts) is { } feeError)
            {
                return feeError;
            }
        }

        if (ApplyV2v(state, header, parent, data, contracts) is { } v2vError)
        {
            return v2vError;
        }

        PosocLedger.SetElection(state, ElectionAt(header, state));
        return null;
    }

    /// <summary>The close of the round before the one <paramref name="height"/> opens; null inside a round or at height 1.</summary>
    public RoundClose? CloseFor(ulong height, IChainState parent) => BlockDataFor(height, parent).Close;

    /// <summary>
    /// Everything the block at <paramref name="height"/> decides from its parent's state: the round close, then the
    /// settlement of hour h - 2, then the matching of hour h. Each later part sees what the earlier ones take from
    /// the EVs' balances (fees, penalties), so every escrow the matching asks for is there when the block runs.
    /// </summary>
    public PosocBlockData BlockDataFor(ulong height, IChainState parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (!parameters.IsHourStart(height))
        {
            return Empty;
        }

        // Cached per parent: the builder asks for the consensus data and then applies the same block.
        var parentHash = parent.Head.Hash;
        lock (_cacheLock)
        {
            if (_cache is { } cached && cached.Parent == parentHash && cached.Height == height)
            {
                return cached.Data;
            }
        }

        var data = ComputeBlockData(height, parent);
        lock (_cacheLock)
        {
            _cache = (parentHash, height, data);
        }

        return data;
    }

    private static readonly PosocBlockData Empty = new(null, null, null);

    private PosocBlockData ComputeBlockData(ulong height, IChainState parent)
    {
        var debits = new Dictionary<Address, ulong>(); // lookups only: never iterated
        RoundClose? close = null;
        if (parameters.IsRoundStart(height) && height != 1)
        {
            close = ComputeClose(height, parent);
            foreach (var fee in Fees(parent, height, close.ClosedRound, close.Mlag))
            {
                debits[fee.Ev] = fee.Paid;
            }
        }

        ulong Spendable(Address ev) => parent.GetAccount(ev).Balance - debits.GetValueOrDefault(ev);
        var hour = parameters.HourOf(height);
        V2vSettlement? settlement = null;
        if (hour >= PosocParameters.SettlementDelayHours && V2vLedger.Matching(parent, hour - PosocParameters.SettlementDelayHours) is { Trades.Count: > 0 } delivered)
        {
            settlement = V2vMarket.Settle(parameters, delivered, parent, Spendable);
            for (var t = 0; t < delivered.Trades.Count; t++)
            {
                var seller = delivered.Orders[delivered.Trades[t].Seller].Ev;
                debits[seller] = debits.GetValueOrDefault(seller) + settlement.Trades[t].PenaltyPaidMicro;
            }
        }

        var matching = V2vMarket.Match(EvsInOrder(parent, height), parent, hour, Spendable);
        return new PosocBlockData(close, settlement, matching);
    }

    private string? ApplyV2v(StateOverlay state, BlockHeader header, IChainState parent, PosocBlockData data, ISystemContractCaller? contracts)
    {
        if (data.Settlement is { } settlement)
        {
            var matching = V2vLedger.Matching(parent, settlement.Hour)!;
            var context = new ContractContext(header.Height, header.Slot, header.Timestamp, header.ParentHash, header.ProducerKey?.Address ?? Address.Zero, parent);
            if (V2vPayments.Settle(state, parameters, matching, settlement, parameters.RoundOf(header.Height), contracts, context) is { } error)
            {
                return error;
            }
        }

        return data.Matching is { } match ? V2vPayments.Escrow(state, match) : null;
    }

    private RoundClose ComputeClose(ulong height, IChainState parent)
    {
        var closed = parameters.RoundOf(height) - 1;
        var contributions = new List<ModelContribution>();
        foreach (var member in EvsInOrder(parent, height))
        {
            if (PosocLedger.Update(parent, member) is { } update && update.Round == closed)
            {
                contributions.Add(ModelContribution.From(update));
            }
        }

        var weights = contributions.Count == 0 ? [] : FederatedAggregator.Aggregate(parameters.Aggregation, contributions);
        var mlag = MlagSelector.MlagOf(parent, height).Address;
        ulong fees = 0;
        foreach (var fee in Fees(parent, height, closed, mlag))
        {
            fees += fee.Paid; // cannot overflow: every fee is part of a balance of the same u64 supply
        }

        return new RoundClose(closed, mlag, fees, contributions.Count, contributions.Count == 0 ? Hash256.Zero : ModelHash.Compute(weights), weights);
    }

    /// <summary>
    /// Eq. 4.20 with Fig. 4.5: every EV that made a profit in the closed round owes beta x profit (plus any fee still
    /// due) to the round's mLAG and pays what its balance allows; the rest stays due. An mLAG slashed during the
    /// round collects nothing (its reward is withheld) and nobody's debt grows.
    /// </summary>
    private List<(Address Ev, ulong Paid, ulong Due)> Fees(IStateReader state, ulong height, ulong closed, Address mlag)
    {
        var result = new List<(Address, ulong, ulong)>();
        if (state.GetAccount(mlag).LastSlashedHeight >= parameters.RoundStartHeight(closed))
        {
            return result;
        }

        foreach (var ev in EvsInOrder(state, height))
        {
            if (ev == mlag)
            {
                continue;
            }

            var record = PosocLedger.Ev(state, ev);
            var profit = record.ProfitIn(closed);
            var owed = (profit > 0 ? (ulong)((UInt128)(ulong)profit * parameters.BetaPpm / 1_000_000) : 0) + record.FeeDueMicro;
            if (owed == 0)
            {
                continue;
            }

            var paid = Math.Min(owed, state.GetAccount(ev).Balance);
            result.Add((ev, paid, owed - paid));
        }

        return result;
    }

    /// <summary>
    /// Takes each EV's fee from its balance and pays their sum to the mLAG: through the reward contract's
    /// <c>distribute</c> (one recipient, the whole value) when contracts are wired, else straight into its balance.
    /// </summary>
    private string? CollectFees(StateOverlay state, BlockHeader header, IChainState parent, ISystemContractCaller? contracts)
    {
        var closed = parameters.RoundOf(header.Height) - 1;
        var mlag = MlagSelector.MlagOf(parent, header.Height).Address;
        ulong total = 0;
        var context = new ContractContext(header.Height, header.Slot, header.Timestamp, header.ParentHash, header.ProducerKey?.Address ?? Address.Zero, parent);
        foreach (var (ev, paid, due) in Fees(parent, header.Height, closed, mlag))
        {
            var payer = state.GetAccount(ev);
            state.SetAccount(ev, payer with { Balance = payer.Balance - paid });
            PosocLedger.SetEv(state, ev, PosocLedger.Ev(state, ev) with { FeeDueMicro = due - Confiscate(state, ev, mlag, due, contracts, context) });
            total += paid; // cannot overflow: every fee was a balance of the same u64 supply
        }

        if (total == 0)
        {
            return null;
        }

        if (contracts is not null)
        {
            Span<byte> share = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(share, 1);
            var result = contracts.SystemCall(state, SystemAddresses.Reward, 0, [ContractArg.Of(mlag.ToArray()), ContractArg.Of(share.ToArray())], total, context);
            return result.Ok ? null : $"paying round {closed}'s mining fees to the mLAG through the reward contract failed: {result.Error}";
        }

        var collector = state.GetAccount(mlag);
        state.SetAccount(mlag, collector with { Balance = collector.Balance + total });
        return null;
    }

    /// <summary>
    /// Fig. 4.5 through the penalty contract: what an EV still owes after paying from its balance is taken from its
    /// deposit there (<c>collect_fee</c>) and paid to the mLAG. Returns what was taken (0 without contracts, without a
    /// deposit, or if the call fails, which leaves everything as it was).
    /// </summary>
    private ulong Confiscate(StateOverlay state, Address ev, Address mlag, ulong due, ISystemContractCaller? contracts, ContractContext context)
    {
        if (due == 0 || due > long.MaxValue || contracts is null)
        {
            return 0;
        }

        var result = contracts.SystemCall(state, SystemAddresses.Penalty, PenaltyCollectFeeFunction, [ContractArg.Of(ev.ToArray()), ContractArg.Of(mlag.ToArray()), ContractArg.Int((long)due)], 0, context);
        return result.Ok && result.Returns is [{ Bytes: null, Integer: > 0 and var taken }] ? Math.Min(due, (ulong)taken) : 0;
    }

    private RoundElection ElectionAt(BlockHeader header, IStateReader state)
    {
        var lastHour = parameters.HourOf(header.Height) == 0 ? 0 : parameters.HourOf(header.Height) - 1;
        var entries = MembershipState.MembersAt(state, header.Height)
            .Select(m => (m.NodeKey, PosocLedger.Ev(state, m.Address)))
            .Select(e => (e.NodeKey, e.Item2.FeeDueMicro > 0 ? 0 : PosocScore.Weight(e.Item2.CumulativeScore(lastHour))))
            .ToArray();
        return new RoundElection(parameters.RoundOf(header.Height), header.ParentHash, entries);
    }

    // The member EVs of the block at height in address order (the order the market and the fees walk).
    private static Address[] EvsInOrder(IStateReader state, ulong height) => [.. MembershipState.MembersAt(state, height).Select(m => m.Address).Order()];

    private static TxRejection Refuse(string message) => new(TxError.InvalidReport, message);
}
