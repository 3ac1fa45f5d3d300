using System.Diagnostics;
using EnergyChain.P2P.Peers;

namespace EnergyChain.P2P.Tests.Support;

/// <summary>Samples an honest link's ping round trip and the process's memory while something runs.</summary>
public sealed class HostileFloodMonitor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _pingsMs = [];
    private readonly Task _pinger;
    private readonly Task _sampler;
    private readonly Process _process = Process.GetCurrentProcess();

    public HostileFloodMonitor(PeerConnection link)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        BaselineManaged = PeakManaged = GC.GetTotalMemory(forceFullCollection: true);
        _process.Refresh();
        BaselineWorkingSet = PeakWorkingSet = _process.WorkingSet64;
        _pinger = Task.Run(() => PingLoopAsync(link));
        _sampler = Task.Run(SampleLoopAsync);
    }

    public long BaselineManaged { get; }

    public long PeakManaged { get; private set; }

    public long BaselineWorkingSet { get; }

    public long PeakWorkingSet { get; private set; }

    public int PingFailures { get; private set; }

    public string? FirstPingFailure { get; private set; }

    public IReadOnlyList<double> PingsMs => _pingsMs;

    public double Percentile(double p)
    {
        if (_pingsMs.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _pingsMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_pinger, _sampler);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _process.Dispose();
    }

    private async Task PingLoopAsync(PeerConnection link)
    {
        while (!_stop.IsCancellationRequested)
        {
            // Each ping gets its own patience (not the stop token), so the last one finishes and counts.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                var rtt = await link.PingAsync(timeout.Token);
                _pingsMs.Add(rtt.TotalMilliseconds);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or TimeoutException)
            {
                PingFailures++;
                FirstPingFailure ??= ex.Message;
            }

            try
            {
                // At most ~100 pings a second: within the control channel's rate limit (PeerConnectionOptions.ControlRate).
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SampleLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(forceFullCollection: false));
            _process.Refresh();
            PeakWorkingSet = Math.Max(PeakWorkingSet, _process.WorkingSet64);
            try
            {
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
