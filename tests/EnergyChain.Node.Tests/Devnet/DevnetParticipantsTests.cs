using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Node.Devnet;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Tests.Devnet;

/// <summary>The devnet's simulated households and EVs, against a node that never answers.</summary>
public sealed class DevnetParticipantsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("energychain-devnet-participants-");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData("poeg")]
    [InlineData("posoc")]
    public async Task Participants_cut_off_in_the_middle_of_a_request_by_the_stop_end_quietly(string engine)
    {
        // A stop that lands while a request is in flight ended the devnet with exit code 1 and no message (CI saw
        // it): the cancelled request must end the participant's loop, not escape from it.
        var key = PrivateKey.FromSeed("devnet-participant");
        var participants = new List<(DevnetNodePlan, PrivateKey, PrivateKey?)>
        {
            (new DevnetNodePlan("node0", new NodeHome(Path.Combine(_root.FullName, "node0")), 1, 2, key.Address), key, null),
        };
        using var handler = new HangingHandler();
        using var http = new HttpClient(handler);
        using var stop = new CancellationTokenSource();
        var simulated = NodeEngines.Get(engine).Devnet.Participants!;
        var run = simulated.Create().RunAsync(new DevnetTxSender(participants, "test-chain", http, TextWriter.Null), stop.Token);

        await handler.RequestStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_participant_reuses_a_nonce_whose_transaction_the_node_dropped()
    {
        // The node drops a pending forecast once its market slot begins. A nonce counted on by the participant
        // would then leave a gap, and every later transaction would wait behind it: each one must take the node's
        // next nonce instead.
        var key = PrivateKey.FromSeed("devnet-participant");
        var participants = new List<(DevnetNodePlan, PrivateKey, PrivateKey?)>
        {
            (new DevnetNodePlan("node0", new NodeHome(Path.Combine(_root.FullName, "node0")), 1, 2, key.Address), key, null),
        };
        using var node = new PoolNode(accountNonce: 5);
        using var http = new HttpClient(node);
        var sender = new DevnetTxSender(participants, "test-chain", http, TextWriter.Null);

        Assert.Null(await sender.SubmitAsync(0, new EnergyReportPayload(1, 10, 20), CancellationToken.None));
        Assert.Null(await sender.SubmitAsync(0, new EnergyReportPayload(2, 10, 20), CancellationToken.None));
        node.DropPending();
        Assert.Null(await sender.SubmitAsync(0, new EnergyReportPayload(3, 10, 20), CancellationToken.None));

        Assert.Equal([5UL, 6UL, 5UL], node.Posted);
    }

    [Fact]
    public async Task A_participant_signs_with_its_meter_key_on_request_with_the_meter_account_s_own_nonces()
    {
        var key = PrivateKey.FromSeed("devnet-participant");
        var meter = PrivateKey.FromSeed("devnet-participant-meter");
        var participants = new List<(DevnetNodePlan, PrivateKey, PrivateKey?)>
        {
            (new DevnetNodePlan("node0", new NodeHome(Path.Combine(_root.FullName, "node0")), 1, 2, key.Address, meter.Address), key, meter),
            (new DevnetNodePlan("node1", new NodeHome(Path.Combine(_root.FullName, "node1")), 3, 4, PrivateKey.FromSeed("other").Address), PrivateKey.FromSeed("other"), null),
        };
        using var node = new PoolNode(accountNonce: 5);
        using var http = new HttpClient(node);
        var sender = new DevnetTxSender(participants, "test-chain", http, TextWriter.Null);
        Assert.Equal(meter.Address, sender.AddressOf(0, ParticipantKey.Meter));
        Assert.Equal(key.Address, sender.AddressOf(0));

        var reading = new MeterReadingPayload(key.Address, 3, 1_000, 2_000);
        Assert.Null(await sender.SubmitAsync(0, new EnergyReportPayload(4, 10, 20), CancellationToken.None));
        Assert.Null(await sender.SubmitAsync(0, ParticipantKey.Meter, reading, CancellationToken.None));
        Assert.Null(await sender.SubmitAsync(0, ParticipantKey.Meter, reading with { MarketSlot = 4 }, CancellationToken.None));
        Assert.Null(await sender.SubmitAsync(0, ParticipantKey.Member, new EnergyReportPayload(5, 10, 20), CancellationToken.None));

        Assert.Equal(
            [(key.Address, 5UL), (meter.Address, 5UL), (meter.Address, 6UL), (key.Address, 6UL)],
            node.Transactions.Select(t => (t.SenderAddress, t.Nonce)));
        Assert.Equal(reading, node.Transactions[1].Payload);
        Assert.Equal(meter.PublicKey, node.Transactions[1].Sender);

        // A participant without a meter has no meter key to sign with.
        await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SubmitAsync(1, ParticipantKey.Meter, reading, CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => sender.AddressOf(1, ParticipantKey.Meter));
    }

    /// <summary>A node's API reduced to the accounts' nonces and a pool that holds what was posted, per sender.</summary>
    private sealed class PoolNode(ulong accountNonce) : HttpMessageHandler
    {
        private readonly Dictionary<string, SortedSet<ulong>> _pending = new(StringComparer.Ordinal);

        public List<ulong> Posted => [.. Transactions.Select(t => t.Nonce)];

        public List<Transaction> Transactions { get; } = [];

        public void DropPending() => _pending.Clear();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            const string AccountPath = "/v1/account/";
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.StartsWith(AccountPath, StringComparison.Ordinal))
            {
                var pending = _pending.GetValueOrDefault(request.RequestUri.AbsolutePath[AccountPath.Length..]) ?? [];
                var run = 0UL;
                while (pending.Contains(accountNonce + run))
                {
                    run++;
                }

                return Json($"{{\"nonce\":{accountNonce},\"pendingCount\":{run}}}");
            }

            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath == "/v1/tx")
            {
                using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
                var tx = Transaction.Decode(Convert.FromHexString(body.RootElement.GetProperty("tx").GetString()!));
                Transactions.Add(tx);
                var sender = tx.SenderAddress.ToString();
                if (!_pending.TryGetValue(sender, out var pending))
                {
                    _pending[sender] = pending = [];
                }

                pending.Add(tx.Nonce);
                return Json($"{{\"hash\":\"{tx.Hash}\"}}");
            }

            return new HttpResponseMessage(System.Net.HttpStatusCode.NotFound);
        }

        private static HttpResponseMessage Json(string json) =>
            new(System.Net.HttpStatusCode.OK) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        public TaskCompletionSource RequestStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
