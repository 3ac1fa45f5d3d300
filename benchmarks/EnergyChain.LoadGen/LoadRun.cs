using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.LoadGen;

/// <summary>
/// 1. init a fresh node home funding N accounts, start the node process;
/// 2. pre-sign all transfers (not measured), ordered round-robin by nonce so every sender stays gap-free;
/// 3. POST them with C concurrent requests, retrying the mempool's back-pressure answers (PoolFull,
///    NonceTooFarAhead) after a short pause, and report admitted transfers per second;
/// 4. wait until all are committed, reporting commit throughput and the node's peak RSS (/proc).
/// </summary>
internal sealed class LoadRun
{
    private const string ChainId = "energychain-load";

    private readonly int _txs;
    private readonly int _accounts;
    private readonly int _concurrency;
    private readonly int _blockInterval;
    private readonly TextWriter _out;
    private long _peakRssKb;

    public LoadRun(int txs, int accounts, int concurrency, int blockInterval, TextWriter output)
    {
        _txs = txs;
        _accounts = accounts;
        _concurrency = concurrency;
        _blockInterval = blockInterval;
        _out = output;
    }

    public async Task<int> RunAsync()
    {
        var root = Directory.CreateTempSubdirectory("energychain-load-");
        try
        {
            var keys = Enumerable.Range(0, _accounts).Select(i => PrivateKey.FromSeed($"load/{i}")).ToArray();
            var home = Path.Combine(root.FullName, "home");
            var init = NodeProcess.RunToCompletion(
                ["init", "--home", home, "--chain-id", ChainId, .. keys.SelectMany(k => new[] { "--fund", $"{k.Address}=1000000000000" })]);
            if (init.ExitCode != 0)
            {
                _out.WriteLine(init.Output);
                return 1;
            }

            _out.WriteLine($"signing {_txs:N0} transfers from {_accounts} accounts...");
            var signing = Stopwatch.StartNew();
            var bodies = Sign(keys);
            _out.WriteLine($"  signed in {signing.Elapsed.TotalSeconds:F1} s");

            using var node = await NodeProcess.StartAsync(home, "--block-interval", _blockInterval.ToString(CultureInfo.InvariantCulture), "--log-level", "Warning");
            using var sampler = new Timer(_ => SampleRss(node.ProcessId), null, 0, 200);
            var (admitted, retries, seconds) = await SubmitAllAsync(node, bodies);
            _out.WriteLine($"POST /v1/tx: {admitted:N0} admitted in {seconds:F2} s = {admitted / seconds:N0} tx/s ({retries:N0} back-pressure retries, concurrency {_concurrency})");

            var commit = Stopwatch.StartNew();
            await node.WaitUntilAsync(async () => await CommittedAsync(node) >= admitted, TimeSpan.FromMinutes(30), "all transfers to commit");
            var total = seconds + commit.Elapsed.TotalSeconds;
            var status = await node.GetJsonAsync("v1/status");
            _out.WriteLine($"committed {admitted:N0} transfers at height {status.GetProperty("height")} in {total:F2} s from first submit = {admitted / total:N0} tx/s");
            SampleRss(node.ProcessId);
            _out.WriteLine($"node peak RSS {Interlocked.Read(ref _peakRssKb) / 1024.0:F0} MB");
            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private string[] Sign(PrivateKey[] keys)
    {
        var bodies = new string[_txs];
        Parallel.For(0, _txs, i =>
        {
            var sender = keys[i % keys.Length];
            var recipient = keys[(i + 1) % keys.Length].Address;
            var nonce = (ulong)(i / keys.Length);
            var tx = Transaction.Create(ChainId, sender, nonce, 0, new TransferPayload(recipient, 1));
            bodies[i] = JsonSerializer.Serialize(new { tx = Convert.ToHexStringLower(tx.Encoded) });
        });
        return bodies;
    }

    private async Task<(long Admitted, long Retries, double Seconds)> SubmitAllAsync(NodeProcess node, string[] bodies)
    {
        long next = -1;
        long admitted = 0;
        long retries = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, _concurrency).Select(async _ =>
        {
            using var http = new HttpClient { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            long i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Length)
            {
                var body = bodies[i];
                var tries = await TxSubmission.PostUntilAdmittedAsync(
                    http, () => new StringContent(body, System.Text.Encoding.UTF8, "application/json"), i);
                Interlocked.Increment(ref admitted);
                Interlocked.Add(ref retries, tries);

                if (i % 50_000 == 0 && i > 0)
                {
                    _out.WriteLine($"  {i:N0} submitted, {clock.Elapsed.TotalSeconds:F1} s");
                }
            }
        });
        await Task.WhenAll(workers);
        return (admitted, retries, clock.Elapsed.TotalSeconds);
    }

    private static async Task<long> CommittedAsync(NodeProcess node) =>
        MetricsText.TransactionsCommitted(await node.Http.GetStringAsync("metrics"));

    private void SampleRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                    long seen;
                    while (kb > (seen = Interlocked.Read(ref _peakRssKb)) && Interlocked.CompareExchange(ref _peakRssKb, kb, seen) != seen)
                    {
                    }
                }
            }
        }
        catch (IOException)
        {
        }
    }
}
