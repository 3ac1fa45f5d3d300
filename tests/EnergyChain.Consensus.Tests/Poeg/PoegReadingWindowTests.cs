using EnergyChain.Consensus.Poeg;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>When a node's pool takes a meter reading: the whole reading window, its first block included.</summary>
public sealed class PoegReadingWindowTests
{
    [Fact]
    public void The_pool_takes_a_reading_for_the_first_block_of_a_one_block_window()
    {
        // The pool checks a reading against the head, where the slot is still the one being traded until the window's
        // first block moves it to delivering; with a one-block window that first block was the only chance.
        var chain = new PoegChain(members: 2, marketSlotBlocks: 4, parameters: "\"readingWindowBlocks\": 1");
        var parameters = chain.Engine.Parameters;
        var house = chain.Keys[0];
        chain.Produce(extra: [chain.Tx(house, new GridRegistrationPayload(9_000, 9_000))]);
        chain.Produce(extra: [chain.Tx(house, new EnergyReportPayload(1, 5_000, 1_000))]);
        chain.ProduceUntilNext(parameters.SettlementHeightOf(2));

        var meter = chain.Meters[0];
        var reading = Transaction.Create(PoegChain.ChainId, meter, 0, 0, new MeterReadingPayload(house.Address, 1, 4_900, 1_050));
        var admission = chain.Pool.Add(reading);
        Assert.True(admission.Accepted, admission.ToString());

        var block = chain.Produce();
        Assert.Contains(block.Transactions, t => t.Hash == reading.Hash);
        Assert.Equal(1UL, PoegLedger.Household(chain.Chain, house.Address)!.ReadingSlot);

        // The next block settles slot 1 on it, and a reading after that is refused.
        chain.Produce();
        var late = chain.Pool.Add(Transaction.Create(PoegChain.ChainId, meter, 1, 0, new MeterReadingPayload(house.Address, 1, 4_900, 1_050)));
        Assert.False(late.Accepted);
        Assert.Contains("closed", late.Rejection!.Message, StringComparison.Ordinal);
    }
}
