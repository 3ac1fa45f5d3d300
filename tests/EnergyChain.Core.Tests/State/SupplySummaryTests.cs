using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Tests.Execution;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.State;

public sealed class SupplySummaryTests
{
    private static readonly Address Household = PrivateKey.FromSeed("supply/household").Address;
    private static readonly Address Staker = PrivateKey.FromSeed("supply/staker").Address;
    private static readonly Address Deployed = PrivateKey.FromSeed("supply/deployed").Address;
    private static readonly Address Record = PrivateKey.FromSeed("supply/record").Address;

    // Every holder gets a different power of two, so money counted under the wrong figure shows in every sum.
    private static readonly KeyValuePair<Address, Account>[] Mixed =
    [
        new(SystemAddresses.Trading, new Account(1, 0, 0, 0)),
        new(SystemAddresses.Reward, new Account(2, 0, 0, 0)),
        new(SystemAddresses.Penalty, new Account(4, 0, 0, 0)),
        new(SystemAddresses.MarketEscrow, new Account(8, 0, 0, 0)),
        new(SystemAddresses.RewardPool, new Account(16, 0, 0, 0)),
        new(SystemAddresses.Edc, new Account(32, 0, 0, 0)),
        new(Household, new Account(64, 3, 0, 0)),
        new(Staker, new Account(128, 1, 256, 1024, Unbonding: 512, UnbondingReleaseHeight: 9, LastSlashedHeight: 4)),
        new(Deployed, new Account(2048, 0, 0, 0, Data: [0x00, 0x61, 0x73, 0x6d])),
        new(Record, new Account(0, 0, 0, 0, Data: [1, 2, 3])),
        new(SystemAddresses.Caller, new Account(4096, 0, 0, 0)),
    ];

    [Fact]
    public void Every_holder_lands_in_its_own_figure()
    {
        var supply = SupplySummary.Of(Mixed);

        Assert.Equal(64UL + 128 + 2048 + 4096, supply.Balances); // the zero address has no key but is not a system account
        Assert.Equal(256UL + 512, supply.Stake);
        Assert.Equal(8UL, supply.Escrow);
        Assert.Equal(16UL, supply.Fees);
        Assert.Equal(32UL, supply.Edc);
        Assert.Equal(1UL + 2, supply.Contracts);
        Assert.Equal(4UL, supply.Penalty);
        Assert.Equal(1024UL, supply.Slashed);
        Assert.Equal(4UL + 1024, supply.Burned);
        Assert.Equal(8191UL - 1024, supply.Total); // every power of two up to 4096 but the slashed one
        Assert.Equal(
            supply.Total,
            supply.Balances + supply.Stake + supply.Escrow + supply.Fees + supply.Edc + supply.Contracts + supply.Penalty);
    }

    [Fact]
    public void The_summary_does_not_depend_on_the_order_of_the_accounts()
    {
        Assert.Equal(SupplySummary.Of(Mixed), SupplySummary.Of(Mixed.Reverse()));
        Assert.Equal(SupplySummary.Of(Mixed), SupplySummary.Of(LedgerState.FromAccounts(Mixed).SnapshotAccounts()));
        Assert.Equal(0UL, SupplySummary.Of([]).Total);
    }

    [Fact]
    public void Figures_above_2_to_the_64_throw_instead_of_saturating()
    {
        var rich = new Account(ulong.MaxValue, 0, 0, 0);
        Assert.Throws<OverflowException>(() => SupplySummary.Of([new(Household, rich), new(Deployed, new Account(1, 0, 0, 0))]));
        Assert.Throws<OverflowException>(() => SupplySummary.Of([new(Staker, new Account(0, 0, ulong.MaxValue, 0, Unbonding: 1, UnbondingReleaseHeight: 1))]));

        // Each holding fits; only their total does not.
        Assert.Throws<OverflowException>(() => SupplySummary.Of([new(Household, rich), new(SystemAddresses.Edc, new Account(1, 0, 0, 0))]));
        Assert.Throws<OverflowException>(() => SupplySummary.Of([new(SystemAddresses.Penalty, rich), new(Staker, new Account(0, 0, 0, 1))]));

        var full = SupplySummary.Of([new(Household, rich)]);
        Assert.Equal(ulong.MaxValue, full.Total);
        Assert.Equal(0UL, full.MintedSince(ulong.MaxValue));
        Assert.Throws<OverflowException>(() => SupplySummary.Of([new(Household, rich), new(Staker, new Account(0, 0, 0, 5))]).MintedSince(0));
    }

    [Fact]
    public void Minted_is_what_the_state_and_the_slashes_hold_beyond_genesis_and_null_when_money_vanished()
    {
        var supply = SupplySummary.Of(Mixed); // Total 7167, Slashed 1024

        Assert.Equal(0UL, supply.MintedSince(8191));
        Assert.Equal(191UL, supply.MintedSince(8000));
        Assert.Null(supply.MintedSince(8192));
    }

    [Fact]
    public void The_genesis_supply_is_the_sum_of_the_genesis_balances_and_stakes()
    {
        var member = PrivateKey.FromSeed("supply/member");
        var genesis = GenesisLoader.Create(
            "energychain-supply",
            1_000,
            "single",
            [new GenesisMember("m", member.PublicKey)],
            [
                new GenesisAccount(member.Address, 5_000, 70_000),
                new GenesisAccount(Household, 300, 0),
                new GenesisAccount(SystemAddresses.Edc, 9, 0),
            ]);

        var supply = SupplySummary.OfGenesis(genesis);

        Assert.Equal(5_000UL + 70_000 + 300 + 9, supply.Total);
        Assert.Equal(70_000UL, supply.Stake);
        Assert.Equal(9UL, supply.Edc);
        Assert.Equal(0UL, supply.Burned);
    }

    [Fact]
    public void On_a_chain_total_plus_slashed_is_the_genesis_supply_plus_the_rewards()
    {
        const ulong Reward = 5_000;
        const ulong Staked = 1_000_000;
        var t = new TestChain(users: 3, seed: "supply");
        var (staker, payer) = (t.Users[0], t.Users[1]);
        var incentives = new BlockIncentivesTests.FakeIncentives { Reward = Reward };
        var chain = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures, incentives);
        var genesis = SupplySummary.OfGenesis(t.Genesis).Total;
        Assert.Equal(3 * TestChain.InitialBalance, genesis);

        Commit(chain, t,
        [
            t.Signed(staker, 0, new StakePayload(Staked), fee: 2),
            t.Transfer(payer, SystemAddresses.Penalty, 700, fee: 1),
            t.Transfer(payer, SystemAddresses.MarketEscrow, 300),
            t.Transfer(payer, SystemAddresses.RewardPool, 200),
            t.Transfer(payer, SystemAddresses.Edc, 100),
            t.Transfer(payer, SystemAddresses.Trading, 50),
            t.Transfer(payer, SystemAddresses.Reward, 25),
        ]);

        // Block 2 slashes the staker for a missed slot (10 % burned), who then unbonds half of what is left.
        incentives.Penalties[2] = [new Penalty(staker.PublicKey, PenaltyReason.MissedSlot, 2)];
        Commit(chain, t, [t.Signed(staker, 1, new UnstakePayload(Staked * 9 / 20), fee: 3)]);
        Assert.Equal(Staked * 9 / 20, chain.GetAccount(staker.Address).Unbonding);

        var (head, accounts) = chain.SnapshotHeadState();
        Assert.Equal(2UL, head.Height);
        Assert.Equal(head.StateRoot, LedgerState.FromAccounts(accounts).Root);
        var supply = SupplySummary.Of(accounts);

        Assert.Equal(Staked / 10, supply.Slashed);
        Assert.Equal(Staked * 9 / 10, supply.Stake);
        Assert.Equal(700UL, supply.Penalty);
        Assert.Equal(700 + (Staked / 10), supply.Burned);
        Assert.Equal(300UL, supply.Escrow);
        Assert.Equal(200UL, supply.Fees);
        Assert.Equal(100UL, supply.Edc);
        Assert.Equal(75UL, supply.Contracts);
        var held = new[] { t.Producer.Address }.Concat(t.Users.Select(u => u.Address)).Aggregate(0UL, (sum, a) => sum + chain.GetAccount(a).Balance);
        Assert.Equal(held, supply.Balances);
        Assert.Equal(genesis + (2 * Reward), supply.Total + supply.Slashed);
        Assert.Equal(2 * Reward, supply.MintedSince(genesis));
    }

    private static void Commit(Blockchain chain, TestChain t, IEnumerable<Transaction> transactions)
    {
        var built = chain.Executor.BuildBlock(chain, transactions, t.Producer, chain.Head.Timestamp + 1000);
        Assert.Empty(built.Skipped);
        var result = chain.TryAppend(built.Block);
        Assert.True(result.IsValid, result.ToString());
    }
}
