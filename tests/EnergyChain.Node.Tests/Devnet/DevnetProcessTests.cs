using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using EnergyChain.Node.Devnet;
using Xunit.Abstractions;

namespace EnergyChain.Node.Tests.Devnet;

/// <summary><c>energychain-node devnet</c> as a real process starting 4 pos node processes on 127.0.0.1.</summary>
public sealed partial class DevnetProcessTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("energychain-devnet-");
    private readonly ITestOutputHelper _output;
    private readonly List<string> _devnetOutput = new();
    private readonly Lock _outputLock = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<Process> _joiners = [];
    private Process? _devnet;
    private DevnetManifest? _manifest;

    public DevnetProcessTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private string Dir => Path.Combine(_root.FullName, "devnet");

    private string DevnetOutput
    {
        get
        {
            lock (_outputLock)
            {
                return string.Join(Environment.NewLine, _devnetOutput);
            }
        }
    }

    [Fact]
    public async Task A_four_node_pos_devnet_finalizes_commits_a_dev_account_transfer_and_stops_every_node_on_SIGINT()
    {
        var clock = Stopwatch.StartNew();
        _devnet = StartDevnet("--nodes", "4", "--engine", "pos", "--home", Dir, "--accounts", "4", "--status-interval", "1");

        // devnet.json appears (state running) once every node answers /v1/status.
        var manifestPath = Path.Combine(Dir, DevnetManifest.FileName);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(manifestPath)), TimeSpan.FromSeconds(120), "devnet.json");
        var manifest = _manifest = DevnetManifest.Load(manifestPath);
        _output.WriteLine($"devnet up after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("pos", manifest.Engine);
        Assert.Equal(DevnetManifest.Running, manifest.State);
        Assert.Equal(4, manifest.Accounts);
        Assert.Equal("devnet/account/", manifest.AccountSeedPrefix);
        Assert.True(Path.IsPathFullyQualified(manifest.Genesis) && File.Exists(manifest.Genesis));
        Assert.Equal(4, manifest.Nodes.Count);
        Assert.Equal(4, manifest.Nodes.Select(n => n.Pid).Distinct().Count(p => p > 0));
        Assert.All(manifest.Nodes, n => Assert.StartsWith("http://127.0.0.1:", n.Api, StringComparison.Ordinal));
        Assert.All(manifest.Nodes, n => Assert.StartsWith("127.0.0.1:", n.P2p, StringComparison.Ordinal));
        Assert.All(manifest.Nodes, n => Assert.True(File.Exists(Path.Combine(n.Home, "node.log")), $"{n.Name} has no node.log"));

        foreach (var node in manifest.Nodes)
        {
            var status = await GetJsonAsync(node, "v1/status");
            Assert.Equal(manifest.ChainId, status.GetProperty("chainId").GetString());
            Assert.Equal("pos", status.GetProperty("engine").GetString());
        }

        // Every node finalizes height 2, with the same block there.
        foreach (var node in manifest.Nodes)
        {
            await WaitUntilAsync(async () => (await GetJsonAsync(node, "v1/status")).GetProperty("finalizedHeight").GetUInt64() >= 2, TimeSpan.FromSeconds(60), $"{node.Name} finalized height 2");
        }

        var hashes = new List<string?>();
        foreach (var node in manifest.Nodes)
        {
            hashes.Add((await GetJsonAsync(node, "v1/block/2")).GetProperty("hash").GetString());
        }

        Assert.Single(hashes.Distinct());
        _output.WriteLine($"height 2 final on all 4 after {clock.Elapsed.TotalSeconds:F1} s");

        // A transfer signed with dev account 0's derivable key, submitted to node2, becomes final on node0.
        var from = PrivateKey.FromSeed(manifest.AccountSeedPrefix + "0");
        var to = PrivateKey.FromSeed(manifest.AccountSeedPrefix + "1").Address;
        var tx = Transaction.Create(manifest.ChainId, from, 0, 1, new TransferPayload(to, 1_000));
        using (var response = await _http.PostAsJsonAsync($"{manifest.Nodes[2].Api}/v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) }))
        {
            Assert.True((int)response.StatusCode is 200 or 202, await response.Content.ReadAsStringAsync());
        }

        await WaitUntilAsync(
            async () =>
            {
                using var response = await _http.GetAsync($"{manifest.Nodes[0].Api}/v1/tx/{tx.Hash}");
                return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"final\"", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(60),
            "the transfer final on node0");
        var balance = (await GetJsonAsync(manifest.Nodes[0], $"v1/account/{to}")).GetProperty("balance").GetUInt64();
        Assert.Equal(DevnetOptions.AccountBalance + 1_000, balance);
        _output.WriteLine($"transfer final on node0 after {clock.Elapsed.TotalSeconds:F1} s");

        // The one-line progress report: height, finalized height and peers of every node.
        await WaitUntilAsync(() => Task.FromResult(ProgressLine().IsMatch(DevnetOutput)), TimeSpan.FromSeconds(30), "a progress line");

        // Ctrl-C: every node stops cleanly, the devnet exits 0 and marks devnet.json stopped.
        var signal = Interrupt(_devnet);
        Assert.True(_devnet.WaitForExit(60_000), $"the devnet did not exit after {signal}:{Environment.NewLine}{DevnetOutput}");
        _devnet.WaitForExit();
        Assert.True(_devnet.ExitCode == 0, $"exit code {_devnet.ExitCode} after {signal}:{Environment.NewLine}{DevnetOutput}");
        foreach (var node in manifest.Nodes)
        {
            Assert.False(IsRunning(node.Pid), $"{node.Name} (pid {node.Pid}) still runs after the devnet exited");
        }

        Assert.Equal(DevnetManifest.Stopped, DevnetManifest.Load(manifestPath).State);
        Assert.Contains("node0 stopped (exit code 0)", DevnetOutput, StringComparison.Ordinal);
        Assert.Contains("node3 stopped (exit code 0)", DevnetOutput, StringComparison.Ordinal);
        Assert.Contains(manifest.Nodes[0].Api, DevnetOutput, StringComparison.Ordinal);
        _output.WriteLine($"stopped with {signal} after {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_devnet_with_duration_stops_by_itself_and_reports_a_node_that_dies()
    {
        _devnet = StartDevnet("--nodes", "2", "--engine", "pos", "--home", Dir, "--accounts", "0", "--duration", "120", "--status-interval", "0");
        var manifestPath = Path.Combine(Dir, DevnetManifest.FileName);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(manifestPath)), TimeSpan.FromSeconds(120), "devnet.json");
        var manifest = _manifest = DevnetManifest.Load(manifestPath);

        // A node killed behind the devnet's back is reported with its name and log, and the other is stopped.
        Process.GetProcessById(manifest.Nodes[1].Pid).Kill();
        Assert.True(_devnet.WaitForExit(60_000), DevnetOutput);
        _devnet.WaitForExit();
        Assert.Equal(1, _devnet.ExitCode);
        Assert.Contains($"error: node1 (pid {manifest.Nodes[1].Pid}) exited unexpectedly", DevnetOutput, StringComparison.Ordinal);
        Assert.Contains("node0 stopped (exit code 0)", DevnetOutput, StringComparison.Ordinal);
        Assert.False(IsRunning(manifest.Nodes[0].Pid));
        Assert.Equal(DevnetManifest.Failed, DevnetManifest.Load(manifestPath).State);

        // --duration: runs that long, then stops everything and exits 0 (--reset reuses the directory).
        _devnetOutput.Clear();
        _devnet.Dispose();
        _devnet = StartDevnet("--nodes", "2", "--home", Dir, "--reset", "--accounts", "1", "--duration", "3");
        Assert.True(_devnet.WaitForExit(120_000), DevnetOutput);
        _devnet.WaitForExit();
        Assert.True(_devnet.ExitCode == 0, DevnetOutput);
        manifest = _manifest = DevnetManifest.Load(manifestPath);
        Assert.Equal(DevnetManifest.Stopped, manifest.State);
        Assert.All(manifest.Nodes, n => Assert.False(IsRunning(n.Pid)));
        Assert.Contains("--duration 3 s reached", DevnetOutput, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        // Whatever happened, nothing this test started keeps running.
        if (_devnet is not null)
        {
            if (!_devnet.HasExited)
            {
                _devnet.Kill(entireProcessTree: true);
                _devnet.WaitForExit();
            }

            _devnet.Dispose();
        }

        foreach (var joiner in _joiners)
        {
            if (!joiner.HasExited)
            {
                joiner.Kill(entireProcessTree: true);
                joiner.WaitForExit();
            }

            joiner.Dispose();
        }

        var manifestPath = Path.Combine(Dir, DevnetManifest.FileName);
        var nodes = _manifest?.Nodes ?? (File.Exists(manifestPath) ? DevnetManifest.Load(manifestPath).Nodes : []);
        foreach (var node in nodes)
        {
            if (IsRunning(node.Pid))
            {
                using var process = Process.GetProcessById(node.Pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        _http.Dispose();
        _root.Delete(recursive: true);
    }

    private Process StartDevnet(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(NodeProcess.NodeDll);
        info.ArgumentList.Add("devnet");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (_outputLock)
            {
                _devnetOutput.Add(line);
            }
        }
    }

    /// <summary>SIGINT as Ctrl-C sends it, unless this test runs where SIGINT is ignored for children (then SIGTERM).</summary>
    private static string Interrupt(Process process)
    {
        var pid = process.Id.ToString(CultureInfo.InvariantCulture);
        var ignored = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
            && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;
        var signal = ignored ? "TERM" : "INT";
        using var kill = Process.Start("kill", [$"-{signal}", pid])!;
        kill.WaitForExit();
        return "SIG" + signal;
    }

    private static bool IsRunning(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<JsonElement> GetJsonAsync(DevnetNodeEntry node, string path)
    {
        using var response = await _http.GetAsync($"{node.Api}/{path}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {node.Api}/{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"node0 h=\d+ f=\d+ p=3 \| node1 h=\d+ f=\d+ p=3 \| node2 h=\d+ f=\d+ p=3 \| node3 h=\d+ f=\d+ p=3")]
    private static partial System.Text.RegularExpressions.Regex ProgressLine();

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_devnet is { HasExited: true })
            {
                throw new Xunit.Sdk.XunitException($"the devnet exited ({_devnet.ExitCode}) while waiting for {what}:{Environment.NewLine}{DevnetOutput}");
            }

            if (_joiners.FirstOrDefault(j => j.HasExited) is { } joiner)
            {
                throw new Xunit.Sdk.XunitException($"a joining node exited ({joiner.ExitCode}) while waiting for {what}:{Environment.NewLine}{DevnetOutput}");
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"timed out waiting for {what}:{Environment.NewLine}{DevnetOutput}");
    }
}
