using System.Text.Json;
using EnergyChain.LoadGen;

namespace EnergyChain.Bench;

/// <summary>
/// Samples the devnet's node processes (their pids are in devnet.json) at the start and the end of the measured
/// window: CPU time from /proc/PID/stat and P2P bytes sent from each node's /metrics; peak RSS
/// (VmHWM, so the warm-up counts too) at the end.
/// </summary>
internal sealed class ProcessProbe : IClusterProbe
{
    private int[] _pids = [];
    private Uri[] _apis = [];
    private (double Cpu, double Sent) _start;

    public ProbeReading? Reading { get; private set; }

    public async Task MeasureStartAsync(JsonElement manifest, Uri[] apis)
    {
        _pids = manifest.GetProperty("nodes").EnumerateArray().Select(n => n.TryGetProperty("pid", out var pid) ? pid.GetInt32() : 0).ToArray();
        _apis = apis;
        _start = await SampleAsync();
    }

    public async Task MeasureEndAsync()
    {
        var end = await SampleAsync();
        Reading = new ProbeReading(end.Cpu - _start.Cpu, end.Sent - _start.Sent, _pids.Select(ProcFs.PeakRssMiB).ToArray());
    }

    private async Task<(double Cpu, double Sent)> SampleAsync()
    {
        var cpu = _pids.Length == 0 || _pids.Contains(0) ? double.NaN : _pids.Sum(ProcFs.CpuSeconds);
        double sent = 0;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var api in _apis)
        {
            var metrics = await http.GetStringAsync(new Uri(api, "metrics"));
            sent += MetricsText.Value(metrics, "energychain_p2p_bytes_sent_total") ?? double.NaN;
        }

        return (cpu, sent);
    }
}
