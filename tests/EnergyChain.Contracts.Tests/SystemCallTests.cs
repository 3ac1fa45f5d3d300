using System.Buffers.Binary;
using System.Text;
using EnergyChain.Contracts.Native;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using static EnergyChain.Contracts.Tests.ContractHarness;

namespace EnergyChain.Contracts.Tests;

/// <summary>
/// <see cref="ISystemContractCaller.SystemCall"/>: engine block-level work calls a system contract as the zero
/// address, the value minted into the call, gas charged to nobody, nothing written on failure.
/// </summary>
public sealed class SystemCallTests
{
    private const ushort Distribute = 0;
    private const ushort SettleCoalitionTrade = 11;
    private const ushort ShortfallPenalty = 6;

    private static readonly ContractContext Context = new(5, 0, 1_795_000_000_000, default, default);

    [Fact]
    public void Reward_distribute_pays_the_minted_value_exactly_and_keeps_nothing()
    {
        var h = new ContractHarness(users: 3);
        var state = new StateOverlay(h.Test.Chain);
        var before = h.Users.Select(u => h.Balance(u)).ToArray();
        long[] shares = [700, 1, 299_299];
        var recipients = h.Users.SelectMany(u => AddressBytes(u.Address)).ToArray();
        var shareBytes = shares.SelectMany(Int8).ToArray();
        var total = (ulong)shares.Sum();

        var result = h.Runtime.SystemCall(state, SystemContracts.RewardAddress, Distribute, [B(recipients), B(shareBytes)], total, Context);

        Assert.True(result.Ok, result.Error);
        Assert.True(result.GasUsed > 0);
        for (var i = 0; i < shares.Length; i++)
        {
            Assert.Equal(before[i] + (ulong)shares[i], state.GetAccount(h.Users[i].Address).Balance);
        }

        Assert.Equal(0UL, state.GetAccount(SystemContracts.RewardAddress).Balance);
        Assert.Equal(0UL, state.GetAccount(SystemAddresses.Caller).Balance);
        Assert.Equal("reward", Encoding.ASCII.GetString(Assert.Single(result.Events).Topic));
    }

    [Fact]
    public void Settle_coalition_trade_pays_the_seller_what_the_buyer_paid_and_records_the_shortfall()
    {
        var h = new ContractHarness(users: 2);
        var (seller, buyer) = (h.Users[0].Address, h.Users[1].Address);
        var state = new StateOverlay(h.Test.Chain);
        var sellerBefore = h.Balance(seller);

        // 10 Wh at 100 micro/Wh is 1,000 due; the engine escrowed 400 (all the buyer had).
        var result = h.Runtime.SystemCall(state, SystemContracts.TradingAddress, SettleCoalitionTrade,
            [B(AddressBytes(seller)), B(AddressBytes(buyer)), I(10), I(100)], 400, Context);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(sellerBefore + 400, state.GetAccount(seller).Balance);
        Assert.Equal(0UL, state.GetAccount(SystemContracts.TradingAddress).Balance);
        var e = Assert.Single(result.Events);
        Assert.Equal(SystemContracts.TradingAddress, e.Contract);
        Assert.Equal("coalition_trade", Encoding.ASCII.GetString(e.Topic));
        Assert.Equal(
            [.. AddressBytes(seller), .. AddressBytes(buyer), .. Int8(10), .. Int8(100), .. Int8(400), .. Int8(600)],
            e.Data);
    }

    [Fact]
    public void Shortfall_penalty_keeps_what_the_balance_covered_and_takes_the_rest_from_the_deposit()
    {
        var h = new ContractHarness(users: 2);
        var seller = h.Users[0];
        h.CallOk(seller, SystemContracts.PenaltyAddress, 0, 1_000); // a 1,000 deposit
        var state = new StateOverlay(h.Test.Chain);
        var before = state.GetAccount(SystemContracts.PenaltyAddress).Balance;

        // A 1,500 penalty: the engine attached the 300 the seller's balance covered; 1,000 comes from the deposit, 200 is not owed.
        var result = h.Runtime.SystemCall(state, SystemContracts.PenaltyAddress, ShortfallPenalty, [B(AddressBytes(seller.Address)), I(1_500)], 300, Context);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(1_300, result.Returns.Single().Integer);
        Assert.Equal(before + 300, state.GetAccount(SystemContracts.PenaltyAddress).Balance);
        Assert.Equal("shortfall_penalty", Encoding.ASCII.GetString(Assert.Single(result.Events).Topic));
        Assert.Equal(0, h.Runtime.SystemCall(state, SystemContracts.PenaltyAddress, 3, [B(AddressBytes(seller.Address))], 0, Context).Returns.Single().Integer);
        Assert.Equal(1_300, h.Runtime.SystemCall(state, SystemContracts.PenaltyAddress, 4, [], 0, Context).Returns.Single().Integer);

        // Attaching more than is due, a zero penalty, or a user calling it: refused, nothing written.
        Assert.False(h.Runtime.SystemCall(state, SystemContracts.PenaltyAddress, ShortfallPenalty, [B(AddressBytes(seller.Address)), I(10)], 11, Context).Ok);
        Assert.False(h.Runtime.SystemCall(state, SystemContracts.PenaltyAddress, ShortfallPenalty, [B(AddressBytes(seller.Address)), I(0)], 0, Context).Ok);
        Assert.NotEqual(ContractStatus.Ok, h.Call(h.Users[1], SystemContracts.PenaltyAddress, ShortfallPenalty, 0, B(AddressBytes(seller.Address)), I(10)).Status);
    }

    [Fact]
    public void A_failed_system_call_writes_nothing()
    {
        var h = new ContractHarness(users: 2);
        var state = new StateOverlay(h.Test.Chain);

        // More value than wh x price: the contract aborts; the minted value is not kept.
        var seller = h.Users[0].Address;
        var sellerBefore = h.Balance(seller);
        var over = h.Runtime.SystemCall(state, SystemContracts.TradingAddress, SettleCoalitionTrade,
            [B(AddressBytes(seller)), B(AddressBytes(h.Users[1].Address)), I(10), I(100)], 1_001, Context);
        Assert.False(over.Ok);
        Assert.Empty(over.Events);

        // Shares that do not match the recipients (abort 1).
        var mismatch = h.Runtime.SystemCall(state, SystemContracts.RewardAddress, Distribute,
            [B(AddressBytes(seller)), B([.. Int8(1), .. Int8(2)])], 50, Context);
        Assert.False(mismatch.Ok);

        Assert.Equal(sellerBefore, state.GetAccount(seller).Balance);
        Assert.Equal(0UL, state.GetAccount(SystemContracts.TradingAddress).Balance);
        Assert.Equal(0UL, state.GetAccount(SystemContracts.RewardAddress).Balance);

        // Not a system contract, or no such function.
        Assert.False(h.Runtime.SystemCall(state, seller, 0, [], 0, Context).Ok);
        Assert.False(h.Runtime.SystemCall(state, SystemContracts.TradingAddress, 200, [], 0, Context).Ok);
        Assert.False(h.Runtime.SystemCall(state, SystemContracts.TradingAddress, SettleCoalitionTrade, [I(1)], 0, Context).Ok);
    }

    [Fact]
    public void A_user_cannot_call_settle_coalition_trade()
    {
        var h = new ContractHarness(users: 2);
        var (user, other) = (h.Users[0], h.Users[1]);
        var receipt = h.Call(user, SystemContracts.TradingAddress, SettleCoalitionTrade, 0,
            B(AddressBytes(user.Address)), B(AddressBytes(other.Address)), I(10), I(100));
        Assert.Equal(ContractStatus.Abort, receipt.Status);
        Assert.Equal(13, receipt.AbortCode);
    }

    private static byte[] Int8(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }
}
