using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;
using Microsoft.Data.Sqlite;

namespace EnergyChain.Core.Tests.Storage;

/// <summary>The store contract plus what every store on disk must do: reopen as it was, refuse what it cannot open.</summary>
public abstract class DiskBlockStoreContractTests : BlockStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("energychain-store-").FullName;
    private int _databases;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    protected abstract IBlockStore Open(string path, BlockStoreOptions? options = null);

    protected abstract string Extension { get; }

    protected override IBlockStore CreateEmptyStore(BlockStoreOptions? options) => Open(NewDatabasePath(), options);

    public override void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected string NewDatabasePath() => Path.Combine(_directory, $"chain-{Interlocked.Increment(ref _databases)}{Extension}");

    protected string MissingDirectoryPath => Path.Combine(_directory, "does-not-exist", "chain" + Extension);

    [Fact]
    public void Reopened_HasTheSameHeadAndAccounts_AndTheChainOpens()
    {
        var path = NewDatabasePath();
        StoredHead? head;
        List<KeyValuePair<Address, Account>> accounts;
        ChainHead chainHead;
        using (var store = Open(path))
        {
            var chain = new TestChain(users: 5, store: store, seed: "disk/reopen");
            for (var i = 0; i < 3; i++)
            {
                chain.Commit(chain.RoundRobinTransfers(10));
            }

            head = store.ReadHead();
            accounts = store.ReadAccounts().ToList();
            chainHead = chain.Chain.Head;
        }

        using (var store = Open(path))
        {
            Assert.Equal(head, store.ReadHead());
            AssertAccountsEqual(accounts, store.ReadAccounts());

            // TestChain opens through Blockchain.Open, which recomputes the state root from the accounts.
            var chain = new TestChain(users: 5, store: store, seed: "disk/reopen");
            Assert.Equal(chainHead, chain.Chain.Head);
            Assert.Equal(chainHead.StateRoot, chain.Chain.StateRoot);

            // And it carries on from there, nonces included.
            var next = chain.Commit(chain.RoundRobinTransfers(10));
            Assert.Equal(chainHead.Height + 1, next.Height);
            Assert.Equal(new StoredHead(next.Height, next.Hash), store.ReadHead());
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(4096)]
    [InlineData(8192)]
    [InlineData(100_000)]
    public void FileThatIsNotADatabase_IsUnavailable_WithAClearMessage_AndIsLeftUntouched(int size)
    {
        var path = NewDatabasePath();
        var garbage = new byte[size];
        new Random(size).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);

        // Assert.Throws checks the exact type: a raw SqliteException or LiteException would fail here.
        var e = Assert.Throws<StoreException>(() => Open(path).Dispose());

        Assert.Equal(StoreError.Unavailable, e.Error);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", e.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(path));
    }

    [Fact]
    public void MissingDirectory_IsUnavailable()
    {
        var path = MissingDirectoryPath;

        var e = Assert.Throws<StoreException>(() => Open(path).Dispose());

        Assert.Equal(StoreError.Unavailable, e.Error);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommitAfterDispose_Throws()
    {
        var source = new RecordedChain(users: 2, seed: "disk/disposed");
        var store = Open(NewDatabasePath());
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.CommitBlock(source.Blocks[0].Block, source.Blocks[0].Changes));
        Assert.Throws<ObjectDisposedException>(() => store.ReadHead());
    }

    /// <summary>A 4-user chain with 3 blocks of transfers at <paramref name="path"/>, store closed again.</summary>
    protected (GenesisDocument Genesis, SignatureVerifier Signatures, Address SomeUser) BuildChain(string path, string seed)
    {
        using var store = Open(path);
        var chain = new TestChain(users: 4, store: store, seed: seed);
        for (var i = 0; i < 3; i++)
        {
            chain.Commit(chain.RoundRobinTransfers(8));
        }

        return (chain.Genesis, chain.Signatures, chain.Users[1].Address);
    }
}
