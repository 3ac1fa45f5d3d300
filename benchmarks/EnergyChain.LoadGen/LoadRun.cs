using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using EnergyChain.Rpc.V1;
using Google.Protobuf;

namespace EnergyChain.LoadGen;

/// <summary>
/// 1. init a fresh node home funding N accounts, start the node process;
/// 2. pre-sign all transfers (not measured), ordered round-robin by nonce so every sender stays gap-free;
/// 3. submit them, and report admitted transfers per second: over HTTP, C concurrent POSTs, retrying the mempool's
///    back-pressure answers (PoolFull, NonceTooFarAhead) after a short pause; over gRPC, C SubmitStream calls, each
///    carrying the transfers of its share of the senders in nonce order;
/// 4. wait until all are committed, reporting commit throughput and the node's peak RSS (/proc).
/// </summary>
internal sealed class LoadRun
{
    private const string ChainId = "energychain-load";

    private readonly int _txs;
    private readonly int _accounts;
    private readonly int _concurrency;
    private readonly int _blockInterval;
    private readonly SubmitTransport _transport;
    private readonly TextWriter _out;
    private long _peakRssKb;

    public LoadRun(int txs, int accounts, int concurrency, int blockInterval, SubmitTransport transport, TextWriter output)
    {
        _transport = transport;
        _txs = txs;
        _accounts = accounts;
        _concurrency = concurrency;
        _blockInterval = blockInterval;
        _out = output;
    }

    /// <summary>The figures of the last successful <see cref="RunAsync"/>.</summary>
    public LoadResult? Result { get; private set; }

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
            var transactions = Sign(keys);
            _out.WriteLine($"  signed in {signing.Elapsed.TotalSeconds:F1} s");

            using var node = await NodeProcess.StartAsync(home, "--block-interval", _blockInterval.ToString(CultureInfo.InvariantCulture), "--log-level", "Warning");
            var grpc = $"127.0.0.1:{node.GrpcPort}";
            using var sampler = new Timer(_ => SampleRss(node.ProcessId), null, 0, 200);
            var (admitted, retries, seconds) = _transport == SubmitTransport.Grpc
                ? await StreamAllAsync(grpc, transactions)
                : await PostAllAsync(node, transactions);
            var what = _transport == SubmitTransport.Grpc ? $"gRPC SubmitStream ({_concurrency} streams)" : $"POST /v1/tx ({_concurrency} concurrent, {retries:N0} back-pressure retries)";
            _out.WriteLine($"{what}: {admitted:N0} admitted in {seconds:F2} s = {admitted / seconds:N0} tx/s");

            var commit = Stopwatch.StartNew();
            await node.WaitUntilAsync(async () => await CommittedAsync(node) >= admitted, TimeSpan.FromMinutes(30), "all transfers to commit");
            var total = seconds + commit.Elapsed.TotalSeconds;
            var status = await node.GetJsonAsync("v1/status");
            _out.WriteLine($"committed {admitted:N0} transfers at height {status.GetProperty("height")} in {total:F2} s from first submit = {admitted / total:N0} tx/s");
            SampleRss(node.ProcessId);
            var peakMb = Interlocked.Read(ref _peakRssKb) / 1024.0;
            _out.WriteLine($"node peak RSS {peakMb:F0} MB");
            Result = new LoadResult(_transport, admitted, seconds, admitted / total, peakMb);
            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private Transaction[] Sign(PrivateKey[] keys)
    {
        var transactions = new Transaction[_txs];
        Parallel.For(0, _txs, i =>
        {
            var sender = keys[i % keys.Length];
            var recipient = keys[(i + 1) % keys.Length].Address;
            var nonce = (ulong)(i / keys.Length);
            transactions[i] = Transaction.Create(ChainId, sender, nonce, 0, new TransferPayload(recipient, 1));
        });
        return transactions;
    }

    /// <summary>Each request encoded before the clock starts, as the HTTP path does with its JSON bodies.</summary>
    private async Task<(long Admitted, long Retries, double Seconds)> StreamAllAsync(string grpc, Transaction[] transactions)
    {
        var requests = new SubmitRequest[transactions.Length];
        Parallel.For(0, transactions.Length, i => requests[i] = new SubmitRequest { Tx = ByteString.CopyFrom(transactions[i].Encoded) });
        var clock = Stopwatch.StartNew();
        await using var lanes = GrpcLanes.Open([grpc], _concurrency);
        for (var i = 0; i < requests.Length; i++)
        {
            // Sender i % accounts always on the same lane: its nonces arrive in order.
            await lanes.WriteAsync(0, i % _accounts, requests[i]);
            if (i % 50_000 == 0 && i > 0)
            {
                _out.WriteLine($"  {i:N0} queued, {clock.Elapsed.TotalSeconds:F1} s");
            }
        }

        var reply = await lanes.CompleteAsync();
        if (reply.Refused > 0)
        {
            throw new InvalidOperationException(
                $"{reply.Refused:N0} transfers refused over gRPC, first: {string.Join("; ", reply.Refusals.Select(r => $"#{r.Index} {r.Code}: {r.Message}"))}");
        }

        return ((long)(reply.Accepted + reply.AlreadyKnown), 0, clock.Elapsed.TotalSeconds);
    }

    private async Task<(long Admitted, long Retries, double Seconds)> PostAllAsync(NodeProcess node, Transaction[] transactions)
    {
        var bodies = new string[transactions.Length];
        Parallel.For(0, transactions.Length, i => bodies[i] = JsonSerializer.Serialize(new { tx = Convert.ToHexStringLower(transactions[i].Encoded) }));
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
