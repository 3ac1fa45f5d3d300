using EnergyChain.Core.Chain;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;
using LiteDB;

namespace EnergyChain.Core.Tests.Storage;

/// <summary>The store contract on LiteDB, plus what only this store on disk can get wrong.</summary>
public sealed class LiteDbBlockStoreTests : DiskBlockStoreContractTests
{
    protected override string Extension => ".litedb";

    protected override IBlockStore Open(string path, BlockStoreOptions? options = null) => LiteDbBlockStore.Open(path, options);

    [Fact]
    public void NewerSchemaVersion_IsUnavailable()
    {
        var path = NewDatabasePath();
        LiteDbBlockStore.Open(path).Dispose();
        using (var raw = OpenRaw(path))
        {
            raw.GetCollection("meta").Upsert(new BsonDocument { ["_id"] = "schema", ["v"] = 2 });
        }

        var e = Assert.Throws<StoreException>(() => LiteDbBlockStore.Open(path).Dispose());

        Assert.Equal(StoreError.Unavailable, e.Error);
        Assert.Contains("schema", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndoData_IsPrunedInTheCommit_ToTheUndoDepth()
    {
        var path = NewDatabasePath();
        using (var store = LiteDbBlockStore.Open(path, new BlockStoreOptions { UndoDepth = 3 }))
        {
            var chain = new TestChain(users: 3, store: store, seed: "litedb/prune");
            for (var i = 0; i < 6; i++)
            {
                chain.Commit(chain.RoundRobinTransfers(3));
            }
        }

        Assert.Equal([4UL, 5UL, 6UL], ChunkHeights(path, 'u'));
    }

    [Fact]
    public void FinalityProofLargerThanAChunk_RoundTrips_AndItsChunksGoWithARevert()
    {
        var path = NewDatabasePath();
        var source = new RecordedChain(users: 3, seed: "litedb/chunks");
        source.Produce(blocks: 2, txsPerBlock: 2);
        var proof = new byte[(2 * LiteDbBlockStore.ChunkBytes) + 17];
        new Random(7).NextBytes(proof);
        using (var store = LiteDbBlockStore.Open(path))
        {
            source.CommitInto(store, upTo: 1);
            store.CommitBlock(source.Blocks[2].Block, source.Blocks[2].Changes, proof);
            Assert.Equal(proof, store.GetFinalityProof(2));
        }

        Assert.Equal([2UL, 2UL, 2UL], ChunkHeights(path, 'f'));
        using (var store = LiteDbBlockStore.Open(path))
        {
            Assert.Equal(proof, store.GetFinalityProof(2));
            store.RevertHead();
            Assert.Null(store.GetFinalityProof(2));
        }

        Assert.Empty(ChunkHeights(path, 'f'));
        Assert.Equal([0UL, 1UL], ChunkHeights(path, 'b'));
    }

    [Fact]
    public void CommitsFromDifferentThreads_EachCommitTheirOwnTransaction()
    {
        // LiteDB binds a transaction to the thread that began it: commits arriving on pool threads must not
        // join or leave behind one another's.
        var source = new RecordedChain(users: 4, seed: "litedb/threads");
        source.Produce(blocks: 6, txsPerBlock: 5);
        var path = NewDatabasePath();
        using (var store = LiteDbBlockStore.Open(path))
        {
            for (var h = 0; h < source.Blocks.Count; h++)
            {
                var (block, changes) = source.Blocks[h];
                var thread = new Thread(() => store.CommitBlock(block, changes));
                thread.Start();
                thread.Join();
            }

            Assert.Equal(new StoredHead(6, source.Blocks[6].Block.Hash), store.ReadHead());
        }

        using (var store = LiteDbBlockStore.Open(path))
        {
            var chain = Blockchain.Open(store, source.Chain.Genesis, source.Chain.Signatures);
            Assert.Equal(source.Chain.Chain.StateRoot, chain.StateRoot);
        }
    }

    [Fact]
    public void RefusedCommit_LeavesNoTransactionOpen_OnItsThread()
    {
        var source = new RecordedChain(users: 3, seed: "litedb/refused");
        source.Produce(blocks: 2, txsPerBlock: 3);
        var path = NewDatabasePath();
        using (var store = LiteDbBlockStore.Open(path))
        {
            source.CommitInto(store, upTo: 0);
            Assert.Equal(StoreError.NotNextBlock, Assert.Throws<StoreException>(() => store.CommitBlock(source.Blocks[2].Block, source.Blocks[2].Changes)).Error);

            // Had the refused commit left its transaction open, this one would join it and never be committed.
            store.CommitBlock(source.Blocks[1].Block, source.Blocks[1].Changes);
        }

        using (var store = LiteDbBlockStore.Open(path))
        {
            Assert.Equal(new StoredHead(1, source.Blocks[1].Block.Hash), store.ReadHead());
        }
    }

    [Fact]
    public void TamperedAccount_MakesOpenFailAsCorrupted()
    {
        var path = NewDatabasePath();
        var (genesis, signatures, victim) = BuildChain(path, "litedb/tamper-account");
        using (var raw = OpenRaw(path))
        {
            var accounts = raw.GetCollection("accounts");
            var real = Account.Decode(accounts.FindById(victim.ToArray())["d"].AsBinary);
            accounts.Update(new BsonDocument { ["_id"] = victim.ToArray(), ["d"] = (real with { Balance = real.Balance + 1 }).Encode() });
        }

        using var store = LiteDbBlockStore.Open(path);
        var e = Assert.Throws<StoreException>(() => Blockchain.Open(store, genesis, signatures));
        Assert.Equal(StoreError.Corrupted, e.Error);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("text")]
    public void DamagedHeadPointer_IsCorrupted(string damage)
    {
        var path = NewDatabasePath();
        BuildChain(path, "litedb/bad-head");
        using (var raw = OpenRaw(path))
        {
            BsonValue value = damage == "short" ? new byte[] { 1, 2 } : "text";
            raw.GetCollection("meta").Upsert(new BsonDocument { ["_id"] = "head", ["v"] = value });
        }

        using var store = LiteDbBlockStore.Open(path);
        Assert.Equal(StoreError.Corrupted, Assert.Throws<StoreException>(() => store.ReadHead()).Error);
    }

    [Fact]
    public void UndecodableAccount_IsCorrupted()
    {
        var path = NewDatabasePath();
        var (_, _, victim) = BuildChain(path, "litedb/bad-account");
        using (var raw = OpenRaw(path))
        {
            raw.GetCollection("accounts").Update(new BsonDocument { ["_id"] = victim.ToArray(), ["d"] = new byte[] { 9 } });
        }

        using var store = LiteDbBlockStore.Open(path);
        Assert.Equal(StoreError.Corrupted, Assert.Throws<StoreException>(() => store.GetAccount(victim)).Error);
        Assert.Equal(StoreError.Corrupted, Assert.Throws<StoreException>(() => store.ReadAccounts()).Error);
    }

    private static LiteDatabase OpenRaw(string path) => new(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });

    /// <summary>The height of every chunk of the given kind ('b' block, 'u' undo, 'f' finality), in key order.</summary>
    private static List<ulong> ChunkHeights(string path, char kind)
    {
        using var raw = OpenRaw(path);
        return raw.GetCollection("chunks").FindAll()
            .Select(d => d["_id"].AsBinary)
            .Where(k => k[0] == (byte)kind)
            .Select(k => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(k.AsSpan(1)))
            .ToList();
    }
}
