using System.Buffers.Binary;
using EnergyChain.Consensus.Market;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Poeg;

/// <summary>
/// The market's money movements, all inside block execution and all between accounts, so nothing is minted or
/// lost: at clearing, buyers' payments go into <see cref="SystemAddresses.MarketEscrow"/> and mining fees into
/// <see cref="SystemAddresses.RewardPool"/>; at settlement, escrow goes to sellers and back to buyers, shortfall
/// charges to <see cref="SystemAddresses.Edc"/>, penalties to the penalty contract, and the pool to the miners
/// through the reward contract. On a chain without a contract runtime (chains built by hand in tests) the contract
/// legs credit the contract accounts directly, so the balances are the same.
/// A movement that cannot happen (an account short of what the settlement says it holds) makes the block invalid:
/// the settlement is computed from the same state, so that is a bug, never a household's doing.
/// </summary>
internal static class MarketPayments
{
    /// <summary>reward.ecasm <c>f0 distribute(recipients, shares)</c>.</summary>
    public const ushort RewardDistributeFunction = 0;

    /// <summary>Collects slot <paramref name="clearing"/>'s escrow and mining fees.</summary>
    public static string? Collect(StateOverlay state, MarketSettlement clearing)
    {
        for (var i = 0; i < clearing.Participants.Count; i++)
        {
            var who = clearing.Participants[i].Address;
            if ((BalanceMoves.Move(state, who, SystemAddresses.MarketEscrow, clearing.EscrowOf(i)) ?? BalanceMoves.Move(state, who, SystemAddresses.RewardPool, clearing.Contributions[i])) is { } error)
            {
                return $"slot {clearing.Slot} clearing: {error}";
            }
        }

        return null;
    }

    /// <summary>Pays out slot <paramref name="clearing"/>'s settlement on delivered energy.</summary>
    public static string? Settle(StateOverlay state, MarketSettlement clearing, DeliverySettlement delivery, ISystemContractCaller? contracts, ContractContext context)
    {
        var trades = clearing.MemberTrades.ToArray();
        for (var t = 0; t < trades.Length; t++)
        {
            var price = clearing.PriceOf(trades[t]);
            var seller = clearing.Participants[trades[t].From].Address;
            var buyer = clearing.Participants[trades[t].To].Address;
            var paid = delivery.TradeDeliveredWh[t] * price;
            var refund = ((ulong)trades[t].EnergyWh - delivery.TradeDeliveredWh[t]) * price;
            if ((BalanceMoves.Move(state, SystemAddresses.MarketEscrow, seller, paid) ?? BalanceMoves.Move(state, SystemAddresses.MarketEscrow, buyer, refund)) is { } error)
            {
                return $"slot {clearing.Slot} settlement, trade {t}: {error}";
            }
        }

        for (var i = 0; i < clearing.Participants.Count; i++)
        {
            var who = clearing.Participants[i].Address;
            var h = delivery.Households[i];
            if ((BalanceMoves.Move(state, who, SystemAddresses.Edc, h.EdcChargePaidMicro) ?? Penalize(state, who, h, contracts, context) ?? BalanceMoves.Move(state, SystemAddresses.RewardPool, who, h.FeeRefundMicro)) is { } error)
            {
                return $"slot {clearing.Slot} settlement, {who}: {error}";
            }
        }

        return PayReward(state, clearing, delivery, contracts, context);
    }

    private static string? Penalize(StateOverlay state, Address seller, HouseholdDelivery h, ISystemContractCaller? contracts, ContractContext context)
    {
        if (h.PenaltyMicro == 0)
        {
            return null;
        }

        if (contracts is null)
        {
            return BalanceMoves.Move(state, seller, SystemAddresses.Penalty, h.PenaltyPaidMicro);
        }

        if (BalanceMoves.Debit(state, seller, h.PenaltyPaidMicro) is { } error)
        {
            return error;
        }

        var result = contracts.SystemCall(
            state, SystemAddresses.Penalty, PenaltyContractFunctions.ShortfallPenalty, [ContractArg.Of(seller.ToArray()), ContractArg.Int((long)Math.Min(h.PenaltyMicro, long.MaxValue))], h.PenaltyPaidMicro, context);
        return result.Ok ? null : $"the penalty contract refused the shortfall penalty: {result.Error}";
    }

    /// <summary>Pays M_r from the pool to the winning coalition's members in their Shapley shares; withheld shares are burned.</summary>
    private static string? PayReward(StateOverlay state, MarketSettlement clearing, DeliverySettlement delivery, ISystemContractCaller? contracts, ContractContext context)
    {
        var recipients = new List<(Address Address, ulong Share)>();
        ulong withheld = 0;
        for (var i = 0; i < clearing.Participants.Count; i++)
        {
            var h = delivery.Households[i];
            if (h.RewardWithheld)
            {
                withheld += h.RewardMicro;
            }
            else if (h.RewardMicro > 0)
            {
                recipients.Add((clearing.Participants[i].Address, h.RewardMicro));
            }
        }

        if (BalanceMoves.Move(state, SystemAddresses.RewardPool, SystemAddresses.Penalty, withheld) is { } burnError)
        {
            return $"slot {clearing.Slot} reward: {burnError}";
        }

        if (recipients.Count == 0)
        {
            return null;
        }

        if (contracts is null)
        {
            foreach (var (address, share) in recipients)
            {
                if (BalanceMoves.Move(state, SystemAddresses.RewardPool, address, share) is { } error)
                {
                    return $"slot {clearing.Slot} reward: {error}";
                }
            }

            return null;
        }

        // reward.distribute pays each recipient floor(total x share / sum) with total = sum, the last one the
        // remainder: exactly its share, so the contract ends with nothing.
        ulong total = 0;
        var addresses = new byte[recipients.Count * Address.Size];
        var shares = new byte[recipients.Count * 8];
        for (var i = 0; i < recipients.Count; i++)
        {
            total += recipients[i].Share;
            recipients[i].Address.ToArray().CopyTo(addresses, i * Address.Size);
            BinaryPrimitives.WriteUInt64BigEndian(shares.AsSpan(i * 8), recipients[i].Share);
        }

        if (BalanceMoves.Debit(state, SystemAddresses.RewardPool, total) is { } debitError)
        {
            return $"slot {clearing.Slot} reward: {debitError}";
        }

        var result = contracts.SystemCall(state, SystemAddresses.Reward, RewardDistributeFunction, [ContractArg.Of(addresses), ContractArg.Of(shares)], total, context);
        return result.Ok ? null : $"paying slot {clearing.Slot}'s mining reward through the reward contract failed: {result.Error}";
    }
}
