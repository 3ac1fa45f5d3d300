using EnergyChain.Consensus.Market;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Contracts.Runtime;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// With the contract runtime wired (as the node does), the settlement pays the previous slot's winning coalition
/// through the reward contract and settles the slot's P2P trades through the trading contract.
/// </summary>
public sealed class PoegContractSettlementTests
{
    // Two neighbourhoods, each a seller next to a buyer (as in PoegMarketTests).
    private static readonly (long X, long Y, ulong P, ulong C)[] Households =
    [
        (9_000, 9_000, 12_000, 2_000),
        (9_500, 9_200, 1_000, 9_000),
        (15_000, 15_000, 8_000, 1_000),
        (15_500, 15_300, 500, 8_000),
    ];

    [Fact]
    public void The_next_settlement_pays_each_winner_its_Shapley_share_through_the_reward_contract()
    {
        var recorder = new RecordingRuntime(new ContractRuntime());
        var chain = new PoegChain(runtime: recorder);
        Settle(chain);
        var settlement = PoegLedger.Market(chain.Chain)!;
        var (members, shares) = chain.Engine.Market.RewardShares(settlement);
        Assert.NotEmpty(members);
        Assert.Equal((long)settlement.RewardMicro, shares.Sum());

        chain.ProduceUntilNext(chain.Engine.Parameters.SettlementHeightOf(2));
        var before = members.Select(m => chain.Chain.GetAccount(settlement.Participants[m].Address).Balance).ToArray();
        var block = chain.Produce(); // no transactions, and no forecasts for slot 2: balances move only by the reward
        Assert.Empty(block.Transactions);
        for (var i = 0; i < members.Count; i++)
        {
            Assert.Equal(before[i] + (ulong)shares[i], chain.Chain.GetAccount(settlement.Participants[members[i]].Address).Balance);
        }

        Assert.Equal(0UL, chain.Chain.GetAccount(SystemAddresses.Reward).Balance);
        Assert.Equal(0UL, chain.Chain.GetAccount(SystemAddresses.Caller).Balance);

        // The payment went through reward.distribute with value = the sum of the shares (built, then applied).
        var rewardCalls = recorder.Calls.Where(c => c.Contract == SystemAddresses.Reward).ToList();
        Assert.NotEmpty(rewardCalls);
        Assert.All(rewardCalls, c =>
        {
            Assert.True(c.Result.Ok, c.Result.Error);
            Assert.Equal(PoegRules.RewardDistributeFunction, c.Function);
            Assert.Equal((ulong)shares.Sum(), c.Value);
            Assert.Equal("reward"u8.ToArray(), Assert.Single(c.Result.Events).Topic);
        });
    }

    [Fact]
    public void Coalition_trades_move_price_times_energy_from_buyer_to_seller()
    {
        var chain = new PoegChain(contracts: true);
        Forecast(chain);
        chain.ProduceUntilNext(chain.Engine.Parameters.SettlementHeightOf(1));
        var settlement = chain.Engine.Market.ComputeSettlement(1, chain.Chain);
        var p2p = P2pTrades(settlement);
        Assert.NotEmpty(p2p);

        var price = chain.Engine.Parameters.PriceMicroPerWh;
        var expected = chain.Keys.ToDictionary(k => k.Address, k => (long)chain.Chain.GetAccount(k.Address).Balance);
        foreach (var trade in p2p)
        {
            expected[settlement.Participants[trade.From].Address] += trade.EnergyWh * (long)price;
            expected[settlement.Participants[trade.To].Address] -= trade.EnergyWh * (long)price;
        }

        var block = chain.Produce();
        Assert.Empty(block.Transactions);
        foreach (var (address, balance) in expected)
        {
            Assert.Equal((ulong)balance, chain.Chain.GetAccount(address).Balance);
        }

        Assert.Equal(0UL, chain.Chain.GetAccount(SystemAddresses.Trading).Balance);
    }

    [Fact]
    public void A_poor_buyer_pays_what_it_has_and_the_block_stays_valid()
    {
        var chain = new PoegChain(contracts: true);
        Forecast(chain);
        var settlement = chain.Engine.Market.ComputeSettlement(1, chain.Chain);
        var p2p = P2pTrades(settlement);
        var poor = chain.Keys.Single(k => k.Address == settlement.Participants[p2p[0].To].Address);

        // The buyer gives away all but 1,000 micro-units before the slot settles.
        const ulong left = 1_000;
        var balance = chain.Chain.GetAccount(poor.Address).Balance;
        chain.Produce(extra: [chain.Tx(poor, new TransferPayload(chain.Outsider.Address, balance - 1 - left))]);
        chain.ProduceUntilNext(chain.Engine.Parameters.SettlementHeightOf(1));
        Assert.Equal(settlement.Encode(), chain.Engine.Market.ComputeSettlement(1, chain.Chain).Encode());

        // Expected: in canonical order each buyer pays min(its balance, price x Wh).
        var price = chain.Engine.Parameters.PriceMicroPerWh;
        var balances = chain.Keys.ToDictionary(k => k.Address, k => chain.Chain.GetAccount(k.Address).Balance);
        Assert.True(balances[poor.Address] < (ulong)p2p[0].EnergyWh * price);
        var totalBefore = balances.Values.Aggregate(0UL, (a, b) => a + b);
        foreach (var trade in p2p)
        {
            var seller = settlement.Participants[trade.From].Address;
            var buyer = settlement.Participants[trade.To].Address;
            var paid = Math.Min(balances[buyer], (ulong)trade.EnergyWh * price);
            balances[buyer] -= paid;
            balances[seller] += paid;
        }

        var block = chain.Produce();
        Assert.Empty(block.Transactions);
        Assert.Equal(0UL, chain.Chain.GetAccount(poor.Address).Balance);
        foreach (var (address, expected) in balances)
        {
            Assert.Equal(expected, chain.Chain.GetAccount(address).Balance);
        }

        Assert.Equal(totalBefore, chain.Keys.Aggregate(0UL, (a, k) => a + chain.Chain.GetAccount(k.Address).Balance));
        Assert.Equal(0UL, chain.Chain.GetAccount(SystemAddresses.Trading).Balance);
    }

    [Fact]
    public void Two_nodes_reach_the_same_state_root_and_a_node_without_contracts_refuses_the_settlement()
    {
        var producer = new PoegChain(contracts: true);
        var replica = new PoegChain(contracts: true);
        var noContracts = new PoegChain();
        var blocks = new List<Block>
        {
            producer.Produce(extra: producer.Keys.Select((k, i) => producer.Tx(k, new GridRegistrationPayload(Households[i].X, Households[i].Y))).ToList()),
            producer.Produce(extra: producer.Keys.Select((k, i) => producer.Tx(k, new EnergyReportPayload(1, Households[i].P, Households[i].C))).ToList()),
        };
        while (producer.NextHeight <= producer.Engine.Parameters.SettlementHeightOf(2))
        {
            blocks.Add(producer.Produce()); // through slot 1's settlement (trades) and slot 2's (reward)
        }

        foreach (var block in blocks)
        {
            var result = replica.Chain.TryAppend(block);
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(block.Header.StateRoot, replica.Chain.Head.StateRoot);
        }

        Assert.Equal(producer.Chain.Head, replica.Chain.Head);

        // Without the runtime the trades do not move and the reward is minted directly: another state root.
        var refused = blocks.Select(b => noContracts.Chain.TryAppend(b)).FirstOrDefault(r => !r.IsValid);
        Assert.NotNull(refused);
        Assert.Equal(BlockError.StateRootMismatch, refused.Error);
    }

    /// <summary>Passes everything through to the runtime and records the system calls with their results.</summary>
    private sealed class RecordingRuntime(ContractRuntime inner) : IContractRuntime
    {
        public ContractExecution Execute(StateOverlay state, Transaction tx, Account sender, ContractContext context) => inner.Execute(state, tx, sender, context);

        public List<(Address Contract, ushort Function, ulong Value, SystemCallResult Result)> Calls { get; } = [];

        public SystemCallResult SystemCall(StateOverlay state, Address contract, ushort function, IReadOnlyList<ContractArg> args, ulong value, ContractContext context)
        {
            var result = inner.SystemCall(state, contract, function, args, value, context);
            lock (Calls)
            {
                Calls.Add((contract, function, value, result));
            }

            return result;
        }
    }

    private static List<EnergyTrade> P2pTrades(MarketSettlement settlement) =>
        [.. settlement.Outcome.Trades.Where(t => t.From != EnergyTrade.Edc && t.To != EnergyTrade.Edc)];

    private static void Forecast(PoegChain chain)
    {
        chain.Produce(extra: chain.Keys.Select((k, i) => chain.Tx(k, new GridRegistrationPayload(Households[i].X, Households[i].Y))).ToList());
        chain.Produce(extra: chain.Keys.Select((k, i) => chain.Tx(k, new EnergyReportPayload(1, Households[i].P, Households[i].C))).ToList());
    }

    private static void Settle(PoegChain chain)
    {
        Forecast(chain);
        chain.ProduceUntilNext(chain.Engine.Parameters.SettlementHeightOf(1));
        chain.Produce();
    }
}
