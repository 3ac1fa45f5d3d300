using System.Net;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.EvLearning;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

/// <summary>
/// <c>ecw ev auto</c> against a fake node whose chain hour moves on after a few polls: every hour the policy's
/// report, its intent for the next hour and the delivery reports of the previous hour's trades.
/// </summary>
public sealed class EvAutoCommandTests : IDisposable
{
    private const ulong Seed = 7;
    private static readonly PrivateKey Car = PrivateKey.FromSeed("cli/v2v-auto/car");
    private static readonly Address Bus = PrivateKey.FromSeed("cli/v2v-auto/bus").Address;
    private static readonly Address Van = PrivateKey.FromSeed("cli/v2v-auto/van").Address;
    private readonly WalletHarness _wallet = new();
    private int _polls;

    public void Dispose() => _wallet.Dispose();

    /// <summary>
    /// The chain is in hour <paramref name="first"/> for two reads of /v1/consensus (the start and one poll), then in
    /// the next hour with <paramref name="first"/> matched, where the EV sold to two others.
    /// </summary>
    private async Task ArrangeAsync(ulong first, bool sellerReported = false)
    {
        await _wallet.ImportAsync(Car);
        _wallet.Node.On("GET", "/v1/consensus", () =>
            (HttpStatusCode.OK, Interlocked.Increment(ref _polls) <= 2
                ? V2vAnswers.Consensus(first, lastMatched: first - 1)
                : V2vAnswers.Consensus(first + 1, lastMatched: first, lastSettled: first - 1)));
        _wallet.Node.On("GET", $"/v1/v2v/{first}", HttpStatusCode.OK, V2vAnswers.MatchedHour(first, Car.Address, Bus, Van, sellerReported));
        _wallet.Node.On("GET", "/v1/model", HttpStatusCode.OK, V2vAnswers.Model());
    }

    /// <summary>An hour in which the untrained policy of <see cref="Seed"/> reports and intends to trade in the next one.</summary>
    private static ulong BusyHour(EvChainAgent agent, uint site) =>
        Enumerable.Range(24, 24 * 30).Select(h => (ulong)h)
            .First(h => agent.ReportFor(h / 24, (int)(h % 24)) is not null && agent.IntentFor((h + 1) / 24, (int)((h + 1) % 24), site) is not null);

    private static IEnumerable<TxPayload> PolicyOf(EvChainAgent agent, ulong hour, uint site)
    {
        if (agent.ReportFor(hour / 24, (int)(hour % 24)) is { } report)
        {
            yield return report;
        }

        if (agent.IntentFor((hour + 1) / 24, (int)((hour + 1) % 24), site) is { } intent)
        {
            yield return intent;
        }
    }

    [Fact]
    public async Task Every_hour_it_reports_posts_its_intent_and_reports_the_matched_wh_of_the_previous_hours_trades()
    {
        var policy = new EvChainAgent(Seed);
        var hour = BusyHour(policy, site: 1);
        await ArrangeAsync(hour);

        var result = await _wallet.RunAsync("ev", "auto", "--site", "mall", "--hours", "2", "--seed", "7", "--episodes", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        TxPayload[] expected =
        [
            .. PolicyOf(policy, hour, 1),
            .. PolicyOf(policy, hour + 1, 1),
            new V2vDeliveryPayload(hour, Bus, 1200),
            new V2vDeliveryPayload(hour, Van, 300),
        ];
        Assert.Equal(expected, _wallet.Node.Submitted.Select(t => t.Payload));
        Assert.All(_wallet.Node.Submitted, tx => Assert.Equal(Car.PublicKey, tx.Sender));
        var lines = result.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal($"EV {Car.Address} at mall (1), from hour {hour} for 2 hours", lines[0]);
        Assert.Equal(expected.Length, lines.Count(l => l.StartsWith("hour ", StringComparison.Ordinal) && l.Contains(" (tx ", StringComparison.Ordinal)));
        Assert.Contains($"hour {hour + 1}: V2vDelivery hour {hour} with {Bus}: 1200 Wh (tx {_wallet.Node.Submitted[^2].Hash})", lines);
        Assert.StartsWith($"hour {hour}: V2vIntent ", lines[2], StringComparison.Ordinal);
        Assert.Equal("stopped after 2 hours", lines[^1]);

        // Hour - 1 was "matched" at the start but has no route: a 404 means no trades, not a failure.
        Assert.Contains($"/v1/v2v/{hour - 1}", _wallet.Node.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_trade_it_already_reported_is_not_reported_again()
    {
        var policy = new EvChainAgent(Seed);
        var hour = BusyHour(policy, site: 0);
        await ArrangeAsync(hour, sellerReported: true);

        var result = await _wallet.RunAsync("ev", "auto", "--hours", "2", "--seed", "7", "--episodes", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(
            [new V2vDeliveryPayload(hour, Van, 300)],
            _wallet.Node.Submitted.Select(t => t.Payload).OfType<V2vDeliveryPayload>());
    }

    [Fact]
    public async Task A_refused_transaction_is_a_line_and_the_ev_goes_on()
    {
        var hour = BusyHour(new EvChainAgent(Seed), site: 0);
        await ArrangeAsync(hour);
        _wallet.Node.On("POST", "/v1/tx", HttpStatusCode.BadRequest, FakeNode.ErrorBody("OutsideAvailability", "hour 99 is outside the window"));

        var result = await _wallet.RunAsync("ev", "auto", "--hours", "2", "--seed", "7", "--episodes", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        var refusals = result.Out.ReplaceLineEndings("\n").Split('\n')
            .Where(l => l.EndsWith(" refused: OutsideAvailability: hour 99 is outside the window", StringComparison.Ordinal)).ToList();
        Assert.True(refusals.Count >= 4, result.Out);
        Assert.Contains(refusals, l => l.StartsWith($"hour {hour + 1}: V2vDelivery hour {hour} with {Van}: 300 Wh", StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_plays_the_policy_ecw_ev_train_trains_from_the_global_model()
    {
        var trained = new EvChainAgent(Seed);
        _ = trained.Train(1, null, 1);
        var hour = BusyHour(trained, site: 0);
        await ArrangeAsync(hour);

        var result = await _wallet.RunAsync("ev", "auto", "--hours", "1", "--seed", "7", "--episodes", "1");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(PolicyOf(trained, hour, 0), _wallet.Node.Submitted.Select(t => t.Payload));
        Assert.Contains("round 1: policy trained 1 episodes from the initial model (no global model yet) (as 'ecw ev train' does; not submitted)", result.Out, StringComparison.Ordinal);
        Assert.Single(_wallet.Node.Requests, r => r.Path == "/v1/model");
    }

    [Fact]
    public async Task Ctrl_c_stops_an_open_ended_run_without_an_error()
    {
        var hour = BusyHour(new EvChainAgent(Seed), site: 0);
        await ArrangeAsync(hour);
        using var stop = new CancellationTokenSource();
        _wallet.Node.On("GET", "/v1/consensus", () =>
        {
            if (Interlocked.Increment(ref _polls) == 3)
            {
                stop.Cancel();
            }

            return (HttpStatusCode.OK, V2vAnswers.Consensus(hour));
        });

        var result = await _wallet.RunAsync(stop.Token, "ev", "auto", "--seed", "7", "--episodes", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("stopped after 1 hour", result.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')[^1]);
    }

    [Fact]
    public async Task An_unknown_site_is_refused_before_anything_is_sent()
    {
        await ArrangeAsync(30);

        var result = await _wallet.RunAsync("ev", "auto", "--site", "garage", "--hours", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: --site: unknown site 'garage'; the chain's sites are 0 depot, 1 mall, 2 office"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Submitted);
    }

    [Theory]
    [InlineData("--hours", "0", "error: --hours must be between 1 and 100000 (got 0)")]
    [InlineData("--episodes", "-1", "error: --episodes must be between 0 and 100000 (got -1)")]
    public async Task Its_numbers_are_checked(string option, string value, string expected)
    {
        await _wallet.ImportAsync(Car);

        var result = await _wallet.RunAsync("ev", "auto", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
        Assert.Empty(_wallet.Node.Requests);
    }
}
