using EnergyChain.Core.Crypto;
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
        var participants = new List<(DevnetNodePlan, PrivateKey)>
        {
            (new DevnetNodePlan("node0", new NodeHome(Path.Combine(_root.FullName, "node0")), 1, 2, key.Address), key),
        };
        using var handler = new HangingHandler();
        using var http = new HttpClient(handler);
        using var stop = new CancellationTokenSource();
        var run = engine == "poeg"
            ? new DevnetHouseholds(participants, "test-chain", TextWriter.Null).RunAsync(http, stop.Token)
            : new DevnetEvs(participants, "test-chain", TextWriter.Null).RunAsync(http, stop.Token);

        await handler.RequestStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(run.IsCompletedSuccessfully);
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
