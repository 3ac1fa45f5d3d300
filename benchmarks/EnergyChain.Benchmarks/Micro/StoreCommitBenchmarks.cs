using BenchmarkDotNet.Attributes;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;

namespace EnergyChain.Benchmarks.Micro;

/// <summary>
/// <see cref="IBlockStore.CommitBlock"/> of a 10,000-transfer block (block blob, 10,000 tx index rows,
/// ~300 account rows, head pointer; one transaction, fsynced) into a fresh SQLite or LiteDB store in a temporary
/// directory that holds the genesis block. Each iteration gets a new store; the directory is deleted after.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SingleInvocationConfig))]
public class StoreCommitBenchmarks
{
    private TestChain _chain = null!;
    private Block _block = null!;
    private StateChanges _changes = null!;
    private string _directory = string.Empty;
    private IBlockStore? _store;

    [Params(BlockStoreKind.Sqlite, BlockStoreKind.LiteDb)]
    public BlockStoreKind Store { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chain = new TestChain(users: BlockApplyBenchmarks.Accounts, crypto: BenchData.Backend(BenchData.Native), seed: "bench");
        _block = _chain.Build(BenchData.Transfers(BlockApplyBenchmarks.Transfers, BlockApplyBenchmarks.Accounts));
        var result = _chain.Chain.Executor.Apply(_chain.Chain, _block);
        _changes = result.IsValid ? result.Changes : throw new InvalidOperationException($"benchmark block refused: {result}");
    }

    [IterationSetup]
    public void OpenStore()
    {
        _directory = Directory.CreateTempSubdirectory("energychain-bench-").FullName;
        _store = BlockStores.Open(Store, Path.Combine(_directory, BlockStores.FileName(Store)));
        _store.CommitBlock(_chain.Genesis.CreateGenesisBlock(), _chain.Genesis.InitialState());
    }

    [Benchmark]
    public void CommitBlock() => _store!.CommitBlock(_block, _changes);

    [IterationCleanup]
    public void DeleteStore()
    {
        _store?.Dispose();
        _store = null;
        Directory.Delete(_directory, recursive: true);
    }
}
