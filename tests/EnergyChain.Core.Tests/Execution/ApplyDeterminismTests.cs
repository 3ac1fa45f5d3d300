using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Execution;

public sealed class ApplyDeterminismTests
{
    [Fact]
    public void Applying_the_same_block_twice_from_the_same_state_gives_the_same_changes_and_root()
    {
        var t = new TestChain(users: 4, seed: "determinism", parameters: new ChainParameters { ChainId = TestChain.DefaultChainId, UnbondingBlocks = 2 });
        var u = t.Users;
        var incentives = new FixedIncentives(new Penalty(u[3].PublicKey, PenaltyReason.MissedSlot, 3), reward: 77);
        var chain = Blockchain.Open(new InMemoryBlockStore(), t.Genesis, t.Signatures, incentives);
        Commit(chain, t, [t.Signed(u[0], 0, new StakePayload(5_000)), t.Signed(u[0], 1, new UnstakePayload(1_000)), t.Signed(u[3], 0, new StakePayload(9_999))]);
        Commit(chain, t, [t.Signed(u[1], 0, new StakePayload(10))]);

        // Height 3: a penalty, a release of matured unbonding, a new unstake, evidence and transfers in one block.
        var block = chain.Executor.BuildBlock(
            chain,
            [
                t.Signed(u[0], 2, new UnstakePayload(500), fee: 1),
                t.Signed(u[2], 0, EvidenceTests.DoubleSign(u[0], height: 2), fee: 4),
                t.Signed(u[1], 1, new TransferPayload(u[0].Address, 3), fee: 2),
                t.Signed(u[0], 3, new TransferPayload(u[2].Address, 1_200)),
            ],
            t.Producer,
            chain.Head.Timestamp + 1000).Block;
        Assert.Equal(4, block.Transactions.Count);

        var once = chain.Executor.Apply(chain, block);
        var twice = chain.Executor.Apply(chain, block);
        var cold = new BlockExecutor(t.Genesis.Parameters, new SignatureVerifier(t.Crypto), new FixedIncentives(new Penalty(u[3].PublicKey, PenaltyReason.MissedSlot, 3), reward: 77))
            .Apply(chain, Block.Decode(block.Encode()));

        foreach (var result in new[] { once, twice, cold })
        {
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(block.Header.StateRoot, result.StateRoot);
            Assert.Equal(once.Changes.Accounts, result.Changes.Accounts);
            Assert.Equal(once.Slashes, result.Slashes);
        }

        Assert.Equal(2, once.Slashes.Count); // the engine's penalty, then the evidence
        Assert.Equal(PenaltyReason.MissedSlot, once.Slashes[0].Reason);
        Assert.Equal(PenaltyReason.DoubleSign, once.Slashes[1].Reason);
        Assert.True(chain.TryAppend(block).IsValid);
        Assert.Equal(block.Header.StateRoot, chain.StateRoot);
    }

    private static void Commit(Blockchain chain, TestChain t, IEnumerable<Transaction> txs)
    {
        var built = chain.Executor.BuildBlock(chain, txs, t.Producer, chain.Head.Timestamp + 1000);
        Assert.Empty(built.Skipped);
        Assert.True(chain.TryAppend(built.Block).IsValid);
    }

    private sealed class FixedIncentives(Penalty penalty, ulong reward) : IBlockIncentives
    {
        public IReadOnlyList<Penalty> PenaltiesFor(BlockHeader header, IChainState parentState) =>
            header.Height == penalty.Height ? [penalty] : [];

        public ulong BlockRewardFor(BlockHeader header, IChainState parentState) => reward;
    }
}
