using System.Globalization;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;

namespace EnergyChain.StoreCrashChild;

/// <summary>
/// Commits blocks of round-robin transfers into a block store (SQLite or LiteDB) forever, so that a test can kill
/// it with SIGKILL at arbitrary points and check what the store reopens at.
/// <para>Usage: <c>EnergyChain.StoreCrashChild sqlite|litedb &lt;database path&gt; &lt;seed&gt; &lt;txs per block&gt; [users]</c></para>
/// <para>
/// Protocol on stdout, one flushed line per event:
/// <c>ready &lt;height&gt; &lt;stateRoot&gt;</c> once the chain is open (genesis written if the store was empty);
/// <c>writing &lt;height&gt;</c> just before the store commit starts; <c>stored &lt;height&gt;</c> just after it
/// returned; <c>committed &lt;height&gt; &lt;stateRoot&gt;</c> after <c>TryAppend</c> succeeded. A height is
/// acknowledged once its <c>ready</c> or <c>committed</c> line was printed.
/// </para>
/// </summary>
internal static class Program
{
    public const int DefaultUsers = 64;

    /// <summary>When set to 1, the child exits as soon as its stdin closes, i.e. when the test process is gone.</summary>
    public const string WatchStdinVariable = "ENERGYCHAIN_CRASH_CHILD_WATCH_STDIN";

    private static int Main(string[] args)
    {
        if (args.Length is < 4 or > 5
            || !BlockStores.TryParse(args[0], out var kind)
            || !TryParseCount(args[3], 1, out var blockSize)
            || !TryParseCount(args.Length == 5 ? args[4] : $"{DefaultUsers}", 2, out var users))
        {
            Console.Error.WriteLine("usage: EnergyChain.StoreCrashChild sqlite|litedb <database path> <seed> <txs per block >= 1> [users >= 2]");
            return 2;
        }

        var path = args[1];
        var seed = args[2];
        if (Environment.GetEnvironmentVariable(WatchStdinVariable) == "1")
        {
            // A test that dies without killing us (its host was killed, say) must not leave us writing forever.
            new Thread(() =>
            {
                while (Console.In.Read() >= 0)
                {
                }

                Environment.Exit(3);
            })
            { IsBackground = true, Name = "stdin watchdog" }.Start();
        }

        using var store = new AnnouncingStore(BlockStores.Open(kind, path));
        // TestChain opens the chain on the existing store (Blockchain.Open) and takes every sender's first
        // nonce from the chain state, so a restarted child continues where the store left off.
        var chain = new TestChain(users: users, store: store, seed: seed);
        Emit($"ready {chain.Chain.Head.Height} {chain.Chain.Head.StateRoot}");

        while (true)
        {
            var block = chain.Commit(chain.RoundRobinTransfers(blockSize));
            Emit($"committed {block.Height} {block.Header.StateRoot}");
        }
    }

    private static bool TryParseCount(string text, int minimum, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= minimum;

    internal static void Emit(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>Announces each store commit, so the test can tell kills that landed inside one.</summary>
    private sealed class AnnouncingStore(IBlockStore inner) : IBlockStore
    {
        public StoredHead? ReadHead() => inner.ReadHead();

        public ulong UndoDepth => inner.UndoDepth;

        public RevertedBlock RevertHead() => inner.RevertHead();

        public void CommitBlock(Block block, StateChanges changes, ReadOnlyMemory<byte> finalityProof = default)
        {
            Emit($"writing {block.Height}");
            inner.CommitBlock(block, changes, finalityProof);
            Emit($"stored {block.Height}");
        }

        public byte[]? GetFinalityProof(ulong height) => inner.GetFinalityProof(height);

        public Block? GetBlock(ulong height) => inner.GetBlock(height);

        public Block? GetBlock(Hash256 hash) => inner.GetBlock(hash);

        public TxLocation? GetTxLocation(Hash256 txHash) => inner.GetTxLocation(txHash);

        public Account? GetAccount(Address address) => inner.GetAccount(address);

        public IEnumerable<KeyValuePair<Address, Account>> ReadAccounts() => inner.ReadAccounts();

        public void Dispose() => inner.Dispose();
    }
}
