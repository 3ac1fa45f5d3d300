using System.Diagnostics;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;

namespace EnergyChain.Benchmarks.Pipeline;

/// <summary>Passes everything to the real store and times <see cref="IBlockStore.CommitBlock"/>.</summary>
internal sealed class TimedBlockStore(IBlockStore inner) : IBlockStore
{
    /// <summary>Duration of the most recent commit.</summary>
    public TimeSpan LastCommit { get; private set; }

    public StoredHead? ReadHead() => inner.ReadHead();

    public void CommitBlock(Block block, StateChanges changes)
    {
        var start = Stopwatch.GetTimestamp();
        inner.CommitBlock(block, changes);
        LastCommit = Stopwatch.GetElapsedTime(start);
    }

    public Block? GetBlock(ulong height) => inner.GetBlock(height);

    public Block? GetBlock(Hash256 hash) => inner.GetBlock(hash);

    public TxLocation? GetTxLocation(Hash256 txHash) => inner.GetTxLocation(txHash);

    public Account? GetAccount(Address address) => inner.GetAccount(address);

    public IEnumerable<KeyValuePair<Address, Account>> ReadAccounts() => inner.ReadAccounts();

    public void Dispose() => inner.Dispose();
}
