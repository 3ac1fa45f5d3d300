using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;
using Microsoft.Data.Sqlite;

namespace EnergyChain.Core.Tests.Storage;

/// <summary>The store contract on SQLite, plus what only a store on disk can get wrong.</summary>
public sealed class SqliteBlockStoreTests : DiskBlockStoreContractTests
{
    protected override string Extension => ".db";

    protected override IBlockStore Open(string path, BlockStoreOptions? options = null) => SqliteBlockStore.Open(path, options);

    [Fact]
    public void Journal_IsInWalMode()
    {
        var path = NewDatabasePath();
        using var store = SqliteBlockStore.Open(path);
        _ = new TestChain(users: 2, store: store, seed: "sqlite/wal");

        using var connection = OpenRaw(path);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public void AfterAFailedOpen_AFreshDatabaseAtTheSamePathWorks()
    {
        var path = NewDatabasePath();
        File.WriteAllText(path, new string('x', 4096));
        Assert.Throws<StoreException>(() => SqliteBlockStore.Open(path).Dispose());

        // The operator moves the bad file away and starts over: no connection left behind by the failed
        // open may still point at the old file.
        File.Delete(path);
        using (var store = SqliteBlockStore.Open(path))
        {
            _ = new TestChain(users: 2, store: store, seed: "sqlite/after-failure");
            Assert.Equal(0UL, store.ReadHead()?.Height);
        }

        using (var store = SqliteBlockStore.Open(path))
        {
            Assert.Equal(0UL, store.ReadHead()?.Height);
        }
    }

    [Fact]
    public void NewerSchemaVersion_IsUnavailable()
    {
        var path = NewDatabasePath();
        SqliteBlockStore.Open(path).Dispose();
        ExecuteRaw(path, "UPDATE meta SET value = x'03' WHERE key = 'schema'");

        var e = Assert.Throws<StoreException>(() => SqliteBlockStore.Open(path).Dispose());

        Assert.Equal(StoreError.Unavailable, e.Error);
        Assert.Contains("schema", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SchemaVersion1Store_IsMigrated_AndOnlyItsNewBlocksCanBeReverted()
    {
        var path = NewDatabasePath();
        var (genesis, signatures, _) = BuildChain(path, "sqlite/v1");
        // What a store written by the previous node version looks like: no undo table, schema 1.
        ExecuteRaw(path, "UPDATE meta SET value = x'01' WHERE key = 'schema'");
        using (var connection = OpenRaw(path))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "DROP TABLE undo";
            command.ExecuteNonQuery();
        }

        using var store = SqliteBlockStore.Open(path);
        Assert.Equal(new byte[] { 2 }, ScalarRaw(path, "SELECT value FROM meta WHERE key = 'schema'"));
        var chain = Blockchain.Open(store, genesis, signatures);
        Assert.Equal(3UL, chain.Head.Height);

        var e = Assert.Throws<StoreException>(() => store.RevertHead());
        Assert.Equal(StoreError.UndoDataMissing, e.Error);
        Assert.Equal(3UL, store.ReadHead()?.Height);

        var test = new TestChain(users: 4, store: store, seed: "sqlite/v1");
        var next = test.Commit(test.RoundRobinTransfers(4));
        Assert.Equal(next.Hash, store.RevertHead().Block.Hash);
        Assert.Equal(3UL, store.ReadHead()?.Height);
    }

    [Fact]
    public void UndoRows_ArePrunedInTheCommit_ToTheUndoDepth()
    {
        var path = NewDatabasePath();
        using var store = SqliteBlockStore.Open(path, new BlockStoreOptions { UndoDepth = 3 });
        var chain = new TestChain(users: 3, store: store, seed: "sqlite/prune");
        for (var i = 0; i < 6; i++)
        {
            chain.Commit(chain.RoundRobinTransfers(3));
        }

        Assert.Equal(3L, ScalarRaw(path, "SELECT count(*) FROM undo"));
        Assert.Equal(4L, ScalarRaw(path, "SELECT min(height) FROM undo"));
        Assert.Equal(6L, ScalarRaw(path, "SELECT max(height) FROM undo"));
    }

    [Fact]
    public void Reopened_AfterARevert_OpensAtTheParent()
    {
        var path = NewDatabasePath();
        var (genesis, signatures, _) = BuildChain(path, "sqlite/reopen-revert");
        Block parent;
        using (var store = SqliteBlockStore.Open(path))
        {
            parent = store.GetBlock(2)!;
            store.RevertHead();
        }

        using (var store = SqliteBlockStore.Open(path))
        {
            var chain = Blockchain.Open(store, genesis, signatures);
            Assert.Equal(parent.Hash, chain.Head.Hash);
            Assert.Equal(parent.Header.StateRoot, chain.StateRoot);
            Assert.Null(store.GetBlock(3));
            Assert.Equal(0L, ScalarRaw(path, "SELECT count(*) FROM undo WHERE height = 3"));
        }
    }

    [Fact]
    public void TamperedAccount_MakesOpenFailAsCorrupted()
    {
        var path = NewDatabasePath();
        var (genesis, signatures, victim) = BuildChain(path, "sqlite/tamper-account");

        // A perfectly valid account encoding, just not the one the chain computed.
        using (var store = SqliteBlockStore.Open(path))
        {
            var real = store.GetAccount(victim) ?? throw new InvalidOperationException("victim missing");
            var forged = real with { Balance = real.Balance + 1 };
            using var connection = OpenRaw(path);
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE accounts SET data = $d WHERE address = $a";
            command.Parameters.AddWithValue("$d", forged.Encode());
            command.Parameters.AddWithValue("$a", victim.ToArray());
            Assert.Equal(1, command.ExecuteNonQuery());
            Assert.Equal(forged, store.GetAccount(victim));
        }

        using (var store = SqliteBlockStore.Open(path))
        {
            var e = Assert.Throws<StoreException>(() => Blockchain.Open(store, genesis, signatures));
            Assert.Equal(StoreError.Corrupted, e.Error);
            Assert.Contains("stored accounts hash to", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MissingAccount_MakesOpenFailAsCorrupted()
    {
        var path = NewDatabasePath();
        var (genesis, signatures, victim) = BuildChain(path, "sqlite/delete-account");
        ExecuteRaw(path, "DELETE FROM accounts WHERE address = $a", ("$a", victim.ToArray()));

        using var store = SqliteBlockStore.Open(path);
        var e = Assert.Throws<StoreException>(() => Blockchain.Open(store, genesis, signatures));
        Assert.Equal(StoreError.Corrupted, e.Error);
    }

    [Fact]
    public void HeadPointerNamingAnotherBlock_MakesOpenFailAsCorrupted()
    {
        var path = NewDatabasePath();
        var (genesis, signatures, _) = BuildChain(path, "sqlite/tamper-head");
        // Point the head at height 2 while keeping block 3's hash: the pointer no longer matches its block.
        byte[] head;
        using (var before = SqliteBlockStore.Open(path))
        {
            var stored = before.ReadHead() ?? throw new InvalidOperationException("no head");
            Assert.Equal(3UL, stored.Height);
            head = [0, 0, 0, 0, 0, 0, 0, 2, .. stored.Hash.ToArray()];
        }

        ExecuteRaw(path, "UPDATE meta SET value = $v WHERE key = 'head'", ("$v", head));

        using var store = SqliteBlockStore.Open(path);
        var e = Assert.Throws<StoreException>(() => Blockchain.Open(store, genesis, signatures));
        Assert.Equal(StoreError.Corrupted, e.Error);
    }

    [Fact]
    public void MissingHeadPointer_MakesOpenFailAsCorrupted_WithoutWritingGenesisAgain()
    {
        var path = NewDatabasePath();
        var (genesis, signatures, _) = BuildChain(path, "sqlite/no-head");
        ExecuteRaw(path, "DELETE FROM meta WHERE key = 'head'");

        using var store = SqliteBlockStore.Open(path);
        var e = Assert.Throws<StoreException>(() => Blockchain.Open(store, genesis, signatures));
        Assert.Equal(StoreError.Corrupted, e.Error);
        Assert.Null(store.ReadHead());
        Assert.NotNull(store.GetBlock(3));
    }

    [Theory]
    [InlineData("x'0102'")]
    [InlineData("'text'")]
    public void DamagedHeadPointer_IsCorrupted(string value)
    {
        var path = NewDatabasePath();
        BuildChain(path, "sqlite/short-head");
        ExecuteRaw(path, $"UPDATE meta SET value = {value} WHERE key = 'head'");

        using var store = SqliteBlockStore.Open(path);
        var e = Assert.Throws<StoreException>(() => store.ReadHead());
        Assert.Equal(StoreError.Corrupted, e.Error);
    }

    [Fact]
    public void UndecodableBlock_IsCorrupted()
    {
        var path = NewDatabasePath();
        BuildChain(path, "sqlite/bad-block");
        ExecuteRaw(path, "UPDATE blocks SET data = substr(data, 1, length(data) - 1) WHERE height = 2");

        using var store = SqliteBlockStore.Open(path);
        var e = Assert.Throws<StoreException>(() => store.GetBlock(2));
        Assert.Equal(StoreError.Corrupted, e.Error);
        Assert.NotNull(store.GetBlock(1));
    }

    [Fact]
    public void UndecodableAccount_IsCorrupted()
    {
        var path = NewDatabasePath();
        var (_, _, victim) = BuildChain(path, "sqlite/bad-account");
        ExecuteRaw(path, "UPDATE accounts SET data = x'09' WHERE address = $a", ("$a", victim.ToArray()));

        using var store = SqliteBlockStore.Open(path);
        Assert.Equal(StoreError.Corrupted, Assert.Throws<StoreException>(() => store.GetAccount(victim)).Error);
        Assert.Equal(StoreError.Corrupted, Assert.Throws<StoreException>(() => store.ReadAccounts()).Error);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("address")]
    public void AccountColumnOfTheWrongType_IsCorrupted(string column)
    {
        var path = NewDatabasePath();
        var (genesis, signatures, victim) = BuildChain(path, $"sqlite/text-{column}");
        ExecuteRaw(path, $"UPDATE accounts SET {column} = 'not a blob' WHERE address = $a", ("$a", victim.ToArray()));

        using var store = SqliteBlockStore.Open(path);
        Assert.Equal(StoreError.Corrupted, Assert.Throws<StoreException>(() => store.ReadAccounts()).Error);
        Assert.Equal(StoreError.Corrupted, Assert.Throws<StoreException>(() => Blockchain.Open(store, genesis, signatures)).Error);
    }

    public static TheoryData<string> OtherGenesis => new() { "chain id", "accounts", "members" };

    [Theory]
    [MemberData(nameof(OtherGenesis))]
    public void OpenedWithAnotherGenesis_IsWrongChain(string difference)
    {
        var path = NewDatabasePath();
        var (genesis, signatures, _) = BuildChain(path, "sqlite/wrong-chain");
        var producer = PrivateKey.FromSeed("sqlite/wrong-chain/producer");
        var users = Enumerable.Range(0, 4).Select(i => PrivateKey.FromSeed($"sqlite/wrong-chain/user/{i}")).ToArray();
        Assert.Equal(genesis.Hash, TestChain.CreateGenesis(producer, users).Hash);

        var other = difference switch
        {
            "chain id" => GenesisLoader.Create(
                "energychain-other",
                TestChain.GenesisTime,
                "single",
                genesis.Members,
                genesis.Accounts),
            "accounts" => TestChain.CreateGenesis(producer, users.Take(3)),
            "members" => TestChain.CreateGenesis(PrivateKey.FromSeed("sqlite/wrong-chain/other-producer"), users),
            _ => throw new ArgumentOutOfRangeException(nameof(difference)),
        };
        Assert.NotEqual(genesis.Hash, other.Hash);

        using var store = SqliteBlockStore.Open(path);
        var before = store.ReadHead();
        var e = Assert.Throws<StoreException>(() => Blockchain.Open(store, other, signatures));
        Assert.Equal(StoreError.WrongChain, e.Error);
        Assert.Equal(before, store.ReadHead());

        // The right genesis still opens it.
        Assert.Equal(before?.Hash, Blockchain.Open(store, genesis, signatures).Head.Hash);
    }

    private static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? ScalarRaw(string path, string sql)
    {
        using var connection = OpenRaw(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void ExecuteRaw(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
