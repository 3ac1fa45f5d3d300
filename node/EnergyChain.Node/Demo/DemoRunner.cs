using System.Diagnostics;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Node.Demo;

/// <summary>
/// The end-to-end path of the foundation: households sign payments, the mempool admits them, the producer
/// builds blocks, <see cref="Blockchain.TryAppend"/> validates and commits them to SQLite, and the store is
/// reopened to show the chain comes back at the same head and state root.
/// </summary>
internal sealed class DemoRunner
{
    private const ulong MicroUnits = 1_000_000;

    private readonly DemoOptions _options;
    private readonly TextWriter _out;
    private readonly TimeProvider _time;

    public DemoRunner(DemoOptions options, TextWriter output, TimeProvider time)
    {
        _options = options;
        _out = output;
        _time = time;
    }

    public int Run()
    {
        var temporary = _options.Home is null;
        var home = _options.Home?.FullName ?? Path.Combine(Path.GetTempPath(), $"energychain-demo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        try
        {
            return RunIn(home);
        }
        catch (Exception e) when (e is StoreException or GenesisException or IOException or UnauthorizedAccessException)
        {
            _out.WriteLine($"error: {e.Message}");
            return 1;
        }
        finally
        {
            if (temporary)
            {
                Directory.Delete(home, recursive: true);
            }
        }
    }

    private int RunIn(string home)
    {
        var crypto = CryptoBackends.Default;
        var producer = PrivateKey.FromSeed($"{_options.Seed}/producer", crypto);
        var households = Enumerable.Range(0, _options.Households)
            .Select(i => PrivateKey.FromSeed($"{_options.Seed}/household/{i}", crypto))
            .ToArray();
        var genesis = GenesisLoader.Create(
            "energychain-demo",
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            "single",
            [new GenesisMember("producer", producer.PublicKey)],
            households.Select(h => new GenesisAccount(h.Address, 1_000 * MicroUnits, 0)),
            new ChainParameters { ChainId = "energychain-demo", MaxBlockTransactions = 10_000 });
        var genesisPath = Path.Combine(home, "genesis.json");
        var databasePath = Path.Combine(home, "chain.db");
        if (!File.Exists(genesisPath))
        {
            File.WriteAllText(genesisPath, GenesisLoader.ToJson(genesis));
        }

        genesis = GenesisLoader.LoadFile(genesisPath);
        _out.WriteLine($"EnergyChain demo: {households.Length} households, {_options.Blocks} blocks of up to {_options.TxsPerBlock} payments");
        _out.WriteLine($"  crypto backend  {crypto.Name}");
        _out.WriteLine($"  home            {home}");
        _out.WriteLine($"  genesis         {genesis.Hash} (chain {genesis.ChainId})");

        Hash256 finalRoot;
        ulong finalHeight;
        long committedTxs = 0;
        var elapsed = Stopwatch.StartNew();
        using (var store = SqliteBlockStore.Open(databasePath))
        {
            var chain = Blockchain.Open(store, genesis, new SignatureVerifier(crypto));
            var pool = new TxPool(chain);
            _out.WriteLine($"  opened at       height {chain.Head.Height}");
            var random = new Random(SeedOf(_options.Seed));
            var nonces = households.ToDictionary(h => h.Address, h => chain.GetAccount(h.Address).Nonce);
            for (var b = 0; b < _options.Blocks; b++)
            {
                SubmitPayments(pool, households, nonces, random, genesis.ChainId);
                var started = Stopwatch.GetTimestamp();
                var candidates = pool.SelectForBlock(genesis.Parameters.MaxBlockTransactions, genesis.Parameters.MaxBlockBytes);
                var built = chain.Executor.BuildBlock(chain, candidates, producer, _time.GetUtcNow().ToUnixTimeMilliseconds());
                var result = chain.TryAppend(built.Block);
                if (!result.IsValid)
                {
                    _out.WriteLine($"error: own block refused: {result}");
                    return 1;
                }

                committedTxs += built.Block.Transactions.Count;
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                _out.WriteLine(
                    $"  block {built.Block.Height,4}  {built.Block.Transactions.Count,5} txs  {built.Block.Hash.ToString()[..12]}  "
                    + $"state {result.StateRoot.ToString()[..12]}  {ms,7:F1} ms");
            }

            finalRoot = chain.StateRoot;
            finalHeight = chain.Head.Height;
        }

        var seconds = elapsed.Elapsed.TotalSeconds;
        _out.WriteLine($"committed {committedTxs} transactions in {seconds:F2} s ({committedTxs / Math.Max(seconds, 1e-9):F0} tx/s including signing)");

        using (var reopened = SqliteBlockStore.Open(databasePath))
        {
            var chain = Blockchain.Open(reopened, genesis, new SignatureVerifier(crypto));
            var same = chain.Head.Height == finalHeight && chain.StateRoot == finalRoot;
            _out.WriteLine($"reopened store: height {chain.Head.Height}, state root {chain.StateRoot} {(same ? "(matches)" : "(MISMATCH)")}");
            return same ? 0 : 1;
        }
    }

    /// <summary>string.GetHashCode is randomized per process; the payments must repeat for a given seed.</summary>
    private static int SeedOf(string seed) =>
        BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    /// <summary>Each payment is a household paying a random other household a few micro-units for energy.</summary>
    private void SubmitPayments(TxPool pool, PrivateKey[] households, Dictionary<Address, ulong> nonces, Random random, string chainId)
    {
        for (var i = 0; i < _options.TxsPerBlock; i++)
        {
            var from = households[random.Next(households.Length)];
            var to = households[random.Next(households.Length)];
            var amount = (ulong)random.Next(1, 500) * 1_000; // 0.001 - 0.5 EC per kWh-sized trade
            var tx = Transaction.Create(chainId, from, nonces[from.Address]++, 0, new TransferPayload(to.Address, amount));
            var admission = pool.Add(tx);
            if (!admission.Accepted)
            {
                nonces[from.Address]--;
            }
        }
    }
}
