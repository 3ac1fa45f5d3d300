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
