using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.P2P.Reactors;

namespace EnergyChain.Consensus.Tests.Pow;

/// <summary>
/// The PoW block tree in process: real mining at 8 leading zero bits on separate chains, blocks carried between
/// them by hand. Every branch has the same difficulty, so more blocks means more work.
/// </summary>
public sealed class PowChainTests
{
    [Fact]
    public async Task A_heavier_branch_reorganizes_and_a_lighter_or_equal_one_does_not()
    {
        using var a = new PowTestNode(0);
        using var b = new PowTestNode(1);
        var shared = new[] { await a.MineAsync(), await a.MineAsync() };
        Assert.All(b.ImportAll(shared), r => Assert.Equal(PowImportStatus.Committed, r.Status));

        var a3 = await a.MineAsync();
        var b3 = await b.MineAsync();
        var b4 = await b.MineAsync();

        // Equal work (one block each above the fork): a keeps its head.
        Assert.Equal(PowImportStatus.Side, a.Pow.Import(b3).Status);
        Assert.Equal(a3.Hash, a.Chain.Head.Hash);

        // Lighter: b keeps its head.
        Assert.Equal(PowImportStatus.Side, b.Pow.Import(a3).Status);
        Assert.Equal(b4.Hash, b.Chain.Head.Hash);

        // Heavier: a switches to b's branch and ends exactly where b is.
        var workBefore = a.Pow.HeadTotalWork;
        Assert.Equal(PowImportStatus.Committed, a.Pow.Import(b4).Status);
        Assert.Equal(b.Chain.Head.Hash, a.Chain.Head.Hash);
        Assert.Equal(b.Chain.StateRoot, a.Chain.StateRoot);
        Assert.Equal(b.Pow.HeadTotalWork, a.Pow.HeadTotalWork);
        Assert.True(a.Pow.HeadTotalWork > workBefore);
        Assert.True(a.Pow.IsSideBlock(a3.Hash), "the reverted block stays known as a side block");
        Assert.Equal(PowImportStatus.Known, a.Pow.Import(a3).Status);

        // And back: a's old branch grows heavier again.
        var a4 = await MineOnAsync(a, a3);
        var a5 = await MineOnAsync(a, a4, a3);
        Assert.Equal(PowImportStatus.Side, a.Pow.Import(a4).Status);
        Assert.Equal(PowImportStatus.Committed, a.Pow.Import(a5).Status);
        Assert.Equal(a5.Hash, a.Chain.Head.Hash);
    }

    [Fact]
    public async Task Reverted_transactions_go_back_to_the_mempool_and_applied_ones_leave_it()
    {
        using var a = new PowTestNode(0);
        using var b = new PowTestNode(1);
        b.ImportAll([await a.MineAsync()]);

        var onlyOnA = Transfer(0, nonce: 0);
        var onBoth = Transfer(1, nonce: 0);
        Assert.Equal(TxAdmissionStatusAdded, a.Pool.Add(onlyOnA).Status);
        Assert.Equal(TxAdmissionStatusAdded, a.Pool.Add(onBoth).Status);
        await a.MineAsync(onlyOnA, onBoth);
        Assert.Equal(0, a.Pool.Count);

        var b2 = await b.MineAsync(onBoth);
        var b3 = await b.MineAsync();
        a.ImportAll([b2, b3]);
        Assert.Equal(b3.Hash, a.Chain.Head.Hash);

        // The transfer only a's lost block had is pending again; the one b's branch committed is not.
        Assert.True(a.Pool.Contains(onlyOnA.Hash));
        Assert.False(a.Pool.Contains(onBoth.Hash));
        Assert.Equal(1, a.Pool.Count);
        Assert.Equal(1UL, a.Chain.GetAccount(PowTestNode.Users[1].Address).Nonce);
        Assert.Equal(0UL, a.Chain.GetAccount(PowTestNode.Users[0].Address).Nonce);
    }

    [Fact]
    public async Task A_tampered_nonce_or_target_is_invalid()
    {
        using var a = new PowTestNode(0);
        var block = await a.MineOnHeadAsync();
        var seal = PowSeal.Decode(block.Header.ConsensusData.Span);

        // Another nonce that misses the target (searched, so the test cannot pass by a lucky 1-in-256 hash).
        var nonce = seal.Nonce;
        BlockHeader tampered;
        do
        {
            nonce++;
            tampered = block.Header with { ConsensusData = new PowSeal(seal.CompactTarget, nonce).Encode() };
        }
        while (PowHash.Meets(PowHash.Compute(tampered), seal.Target));

        var badNonce = a.Pow.Import(new Block(tampered, block.Transactions));
        Assert.Equal(PowImportStatus.Invalid, badNonce.Status);
        Assert.Contains("does not meet", badNonce.Reason, StringComparison.Ordinal);

        // A harder target than expected, really mined and signed: still not the target the chain demands.
        var harder = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(10));
        var header = block.Header with { ConsensusData = PowSeal.For(harder, 0).Encode() };
        for (ulong n = 0; !PowHash.Meets(PowHash.Compute(header), harder); n++)
        {
            header = header with { ConsensusData = PowSeal.For(harder, n).Encode() };
        }

        var badTarget = a.Pow.Import(new Block(header.SignWith(a.Key), block.Transactions));
        Assert.Equal(PowImportStatus.Invalid, badTarget.Status);
        Assert.Contains("not the expected", badTarget.Reason, StringComparison.Ordinal);

        // The sender is penalized: the port reports Invalid to the reactors.
        var port = new PowChainPort(a.Pow, PowTestNode.Time);
        Assert.Equal(BlockImportOutcome.Invalid, port.Import(new Block(tampered, block.Transactions)).Outcome);
        Assert.Equal(0UL, a.Chain.Head.Height);
        Assert.Equal(PowImportStatus.Committed, a.Pow.Import(block).Status);
    }

    [Fact]
    public async Task A_block_with_an_unknown_parent_waits_as_an_orphan_and_connects_when_the_parent_arrives()
    {
        using var a = new PowTestNode(0);
        using var c = new PowTestNode(2);
        var c1 = await c.MineAsync();
        var c2 = await c.MineAsync();

        var orphan = a.Pow.Import(c2);
        Assert.Equal(PowImportStatus.Orphan, orphan.Status);
        Assert.Equal(1, a.Pow.OrphanCount);
        Assert.Equal(0UL, a.Chain.Head.Height);

        // Through the port an orphan is not the sender's fault, and sync rewinds to fetch the missing ancestors.
        var port = new PowChainPort(a.Pow, PowTestNode.Time);
        Assert.NotEqual(BlockImportOutcome.Invalid, port.Import(c2).Outcome);

        Assert.Equal(PowImportStatus.Committed, a.Pow.Import(c1).Status);
        Assert.Equal(c2.Hash, a.Chain.Head.Hash);
        Assert.Equal(0, a.Pow.OrphanCount);

        // An orphan must still prove its own work.
        var lazy = c2.Header with { Height = 7, ParentHash = Hash256.Compute("nobody's block"u8), ConsensusData = new PowSeal(PowSeal.Decode(c2.Header.ConsensusData.Span).CompactTarget, 0).Encode() };
        while (PowHash.Meets(PowHash.Compute(lazy), PowSeal.Decode(lazy.ConsensusData.Span).Target))
        {
            lazy = lazy with { Timestamp = lazy.Timestamp + 1 };
        }

        Assert.Equal(PowImportStatus.Invalid, a.Pow.Import(new Block(lazy, [])).Status);
    }

    [Fact]
    public async Task Sync_through_the_port_fetches_a_heavier_branch_from_the_finalized_height_after_an_orphan()
    {
        using var a = new PowTestNode(0, confirmations: 3);
        using var b = new PowTestNode(1, confirmations: 3);
        b.ImportAll([await a.MineAsync(), await a.MineAsync()]);
        for (var i = 0; i < 3; i++)
        {
            await a.MineAsync(); // a: 3..5
        }

        for (var i = 0; i < 6; i++)
        {
            await b.MineAsync(); // b: 3..8, forking at 2
        }

        // What block sync does: ask for the height above the port's head, import, repeat.
        var port = new PowChainPort(a.Pow, PowTestNode.Time);
        Assert.Equal(a.Chain.Head, port.Head);
        Assert.Equal(BlockImportOutcome.Known, port.Import(b.Chain.Store.GetBlock(6)!).Outcome); // an orphan, not a bad block
        Assert.True(port.IsRewound);
        Assert.Equal(a.Pow.FinalizedHeight, port.Head.Height);
        var steps = 0;
        while (port.Head.Height < b.Chain.Head.Height && steps++ < 20)
        {
            var outcome = port.Import(b.Chain.Store.GetBlock(port.Head.Height + 1)!).Outcome;
            Assert.True(outcome is BlockImportOutcome.Known or BlockImportOutcome.Committed, outcome.ToString());
        }

        Assert.Equal(b.Chain.Head.Hash, a.Chain.Head.Hash);
        Assert.Equal(b.Chain.StateRoot, a.Chain.StateRoot);
        Assert.False(port.IsRewound);
        Assert.Equal(a.Chain.Head, port.Head);
    }

    [Fact]
    public async Task A_reorganization_never_reverts_a_block_at_or_below_the_finalized_height()
    {
        using var a = new PowTestNode(0, confirmations: 2);
        using var b = new PowTestNode(1, confirmations: 2);
        var shared = new[] { await a.MineAsync(), await a.MineAsync() };
        b.ImportAll(shared);
        for (var i = 0; i < 3; i++)
        {
            await a.MineAsync(); // a: heights 3..5, finalized 3
        }

        var branch = new List<Block>();
        for (var i = 0; i < 6; i++)
        {
            branch.Add(await b.MineAsync()); // b: heights 3..8 forking at 2, much heavier
        }

        Assert.Equal(3UL, a.Pow.FinalizedHeight);
        var head = a.Chain.Head;
        var results = a.ImportAll(branch);
        Assert.DoesNotContain(results, r => r.Status is PowImportStatus.Committed or PowImportStatus.Invalid);
        Assert.Equal(head, a.Chain.Head);

        // A fork exactly at the finalized height is allowed: only blocks above it are reverted.
        using var c = new PowTestNode(2, confirmations: 2);
        c.ImportAll([a.Chain.Store.GetBlock(1)!, a.Chain.Store.GetBlock(2)!, a.Chain.Store.GetBlock(3)!]);
        Assert.Equal(3UL, c.Chain.Head.Height);
        var heavier = new List<Block>();
        for (var i = 0; i < 4; i++)
        {
            heavier.Add(await c.MineAsync()); // heights 4..7
        }

        Assert.Contains(a.ImportAll(heavier), r => r.Status == PowImportStatus.Committed);
        Assert.Equal(c.Chain.Head.Hash, a.Chain.Head.Hash);
        Assert.Equal(c.Chain.StateRoot, a.Chain.StateRoot);
    }

    [Fact]
    public async Task A_block_too_far_in_the_future_is_deferred_not_invalid()
    {
        using var a = new PowTestNode(0);
        var (built, parent) = a.Pow.OnHead(ch => ch.Executor.BuildBlock(
            ch, [], a.Key, PowTestNode.Time.GetUtcNow().Add(PowChain.MaxFutureDrift).ToUnixTimeMilliseconds() + 1000));
        var header = await a.Sealer.SealAsync(built.Block.Header, new EnergyChain.Consensus.Engine.SealContext(parent, a.Pow), CancellationToken.None);
        var result = a.Pow.Import(new Block(header, []));
        Assert.Equal(PowImportStatus.Deferred, result.Status);
        Assert.Equal(BlockImportOutcome.Failed, new PowChainPort(a.Pow, PowTestNode.Time).Import(new Block(header, [])).Outcome);
        Assert.Equal(0UL, a.Chain.Head.Height);
    }

    private const Core.Mempool.TxAdmissionStatus TxAdmissionStatusAdded = Core.Mempool.TxAdmissionStatus.Added;

    private static Transaction Transfer(int from, ulong nonce) =>
        Transaction.Create(PowTestNode.Genesis.ChainId, PowTestNode.Users[from], nonce, 1, new TransferPayload(PowTestNode.Users[(from + 1) % PowTestNode.Users.Length].Address, 10));

    /// <summary>Mines a block on <paramref name="parent"/> (a side block of <paramref name="node"/>) without the chain's state: empty, so its state root is the parent's plus the reward.</summary>
    private static async Task<Block> MineOnAsync(PowTestNode node, Block parent, Block? grandparent = null)
    {
        // A side branch has no state here, so build it on a scratch node that follows that branch.
        using var scratch = new PowTestNode(0);
        var path = new List<Block>();
        for (var height = 1UL; height < (grandparent ?? parent).Height; height++)
        {
            path.Add(node.Chain.Store.GetBlock(height)!);
        }

        if (grandparent is not null)
        {
            path.Add(grandparent);
        }

        path.Add(parent);
        Assert.All(scratch.ImportAll(path), r => Assert.Equal(PowImportStatus.Committed, r.Status));
        return await scratch.MineOnHeadAsync();
    }
}
