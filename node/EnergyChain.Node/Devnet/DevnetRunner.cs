using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Devnet;

/// <summary>
/// <c>energychain-node devnet</c>: prepares N homes and one genesis (<see cref="DevnetSetup"/>), starts a node
/// process in each, waits until every API answers, writes <c>devnet.json</c>, reports progress, and on Ctrl-C,
/// SIGTERM or <c>--duration</c> stops every node cleanly. A node that dies on its own stops the devnet with an error.
/// </summary>
public sealed class DevnetRunner
{
    private static readonly CompositeFormat StatusCell = CompositeFormat.Parse("{0} h={1} f={2} p={3}");

    private readonly DevnetOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly NodeExecutable _executable;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<DevnetNodeProcess> _nodes = new();
    private readonly Lock _nodesLock = new();
    private string? _lastProgress;

    public DevnetRunner(DevnetOptions options, TextWriter output, TextWriter error, TimeProvider time, NodeExecutable? executable = null)
    {
        _options = options;
        _out = output;
        _error = error;
        _time = time;
        _executable = executable ?? NodeExecutable.Current();
    }

    /// <summary>Ends the devnet as Ctrl-C does.</summary>
    public void RequestStop() => _stop.Cancel();

    /// <summary>Runs until stopped; returns the process exit code (0 clean stop, 1 failure, 2 bad options).</summary>
    public int Run()
    {
        if (_options.Validate() is { } problem)
        {
            _error.WriteLine($"error: {problem}");
            return 2;
        }

        var signals = RegisterSignals();
        EventHandler onExit = (_, _) => StopAll(TimeSpan.FromSeconds(Math.Min(_options.StopTimeoutSeconds, 5)), quiet: true);
        AppDomain.CurrentDomain.ProcessExit += onExit;
        try
        {
            return RunAsync().GetAwaiter().GetResult();
        }
        finally
        {
            // Normally a no-op (Finish stopped them); after an unexpected exception it leaves no node behind.
            StopAll(TimeSpan.FromSeconds(_options.StopTimeoutSeconds), quiet: true);
            AppDomain.CurrentDomain.ProcessExit -= onExit;
            foreach (var signal in signals)
            {
                signal.Dispose();
            }
        }
    }

    private async Task<int> RunAsync()
    {
        DevnetPlan plan;
        try
        {
            _out.WriteLine($"devnet: preparing {_options.Nodes} {_options.Engine} node(s) in {Path.GetFullPath(_options.Home)}");
            plan = DevnetSetup.Prepare(_options, _time);
        }
        catch (Exception e) when (e is DevnetException or Hosting.NodeSetupException or Core.Genesis.GenesisException or IOException or UnauthorizedAccessException)
        {
            _error.WriteLine($"error: {e.Message}");
            return 1;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var manifest = Manifest(plan, DevnetManifest.Running);
        try
        {
            for (var i = 0; i < plan.Nodes.Count; i++)
            {
                var node = DevnetNodeProcess.Start(_executable, plan.Nodes[i], RunArguments(plan, i));
                lock (_nodesLock)
                {
                    _nodes.Add(node);
                }
            }

            manifest = Manifest(plan, DevnetManifest.Running);
            if (!await WaitUntilReadyAsync(http))
            {
                return Finish(plan, manifest, _stop.IsCancellationRequested ? 0 : 1);
            }

            manifest.Save(plan.ManifestPath);
            PrintReady(plan);
            using var households = new CancellationTokenSource();
            var participants = plan.Nodes.Select(n => (n, n.Home.LoadKey(), n.Meter is null ? null : NodeHome.ReadKeyFile(n.MeterKeyPath))).ToList();
            var simulation = SimulateAsync(plan, participants, http, households.Token);
            var exitCode = await MonitorAsync(http);
            await households.CancelAsync();
            await simulation;
            return Finish(plan, manifest, exitCode);
        }
        catch (DevnetException e)
        {
            _error.WriteLine($"error: {e.Message}");
            return Finish(plan, manifest, 1);
        }
    }

    /// <summary>Plays the engine's simulated participants (households, EVs) until <paramref name="stop"/>.</summary>
    private async Task SimulateAsync(DevnetPlan plan, List<(DevnetNodePlan Plan, Core.Crypto.PrivateKey Key, Core.Crypto.PrivateKey? Meter)> participants, HttpClient http, CancellationToken stop)
    {
        if (NodeEngines.Get(plan.Genesis.Engine).Devnet.Participants is not { } simulated)
        {
            return;
        }

        try
        {
            await simulated.Create().RunAsync(new DevnetTxSender(participants, plan.Genesis.ChainId, http, _out), stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: a participant cut off in the middle of a request is the expected end.
        }
        catch (Exception e)
        {
            // The nodes run on without their simulated participants: say so at once rather than at Ctrl-C.
            _error.WriteLine($"warning: the simulated {plan.Genesis.Engine} participants stopped: {e}");
        }
    }

    private int Finish(DevnetPlan plan, DevnetManifest manifest, int exitCode)
    {
        StopAll(TimeSpan.FromSeconds(_options.StopTimeoutSeconds), quiet: false);
        try
        {
            (manifest with { State = exitCode == 0 ? DevnetManifest.Stopped : DevnetManifest.Failed }).Save(plan.ManifestPath);
        }
        catch (IOException e)
        {
            _error.WriteLine($"warning: could not update {plan.ManifestPath}: {e.Message}");
        }

        _out.WriteLine(exitCode == 0 ? "devnet: stopped" : "devnet: stopped after a failure");
        return exitCode;
    }

    private List<string> RunArguments(DevnetPlan plan, int index)
    {
        var node = plan.Nodes[index];
        var args = new List<string>
        {
            "run", "--home", node.Home.Root, "--api", node.Api, "--grpc", node.Grpc, "--p2p", node.P2p,
            "--block-interval", _options.BlockIntervalMs.ToString(CultureInfo.InvariantCulture),
        };
        var peers = plan.PeersOf(index);
        if (peers.Count > 0)
        {
            args.AddRange(["--peers", string.Join(',', peers)]);
        }

        if (_options.LogLevel is { } level)
        {
            args.AddRange(["--log-level", level]);
        }

        return args;
    }

    private DevnetManifest Manifest(DevnetPlan plan, string state)
    {
        DevnetNodeProcess[] nodes;
        lock (_nodesLock)
        {
            nodes = _nodes.ToArray();
        }

        return new DevnetManifest
        {
            Engine = plan.Genesis.Engine,
            ChainId = plan.Genesis.ChainId,
            GenesisHash = plan.Genesis.Hash.ToString(),
            Genesis = plan.GenesisPath,
            Accounts = _options.Accounts,
            AccountSeedPrefix = DevnetOptions.AccountSeedPrefix,
            BlockIntervalMs = _options.BlockIntervalMs,
            State = state,
            Nodes = plan.Nodes.Select(n => new DevnetNodeEntry
            {
                Name = n.Name,
                Api = n.ApiUrl,
                Grpc = n.Grpc,
                P2p = n.P2p,
                Home = n.Home.Root,
                Address = n.Address.ToString(),
                Meter = n.Meter?.ToString(),
                MeterKey = n.Meter is null ? null : n.MeterKeyPath,
                Log = n.LogPath,
                Pid = nodes.FirstOrDefault(p => p.Plan == n)?.Pid ?? 0,
            }).ToList(),
        };
    }

    /// <summary>True when every node answered <c>/v1/status</c>; false after a timeout, a dead node or a stop request.</summary>
    private async Task<bool> WaitUntilReadyAsync(HttpClient http)
    {
        var started = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(_options.StartupTimeoutSeconds);
        var pending = new List<DevnetNodeProcess>(Snapshot());
        while (pending.Count > 0)
        {
            if (_stop.IsCancellationRequested)
            {
                _out.WriteLine("devnet: stop requested while starting");
                return false;
            }

            if (pending.FirstOrDefault(n => n.HasExited) is { } dead)
            {
                await ReportDeathAsync(dead, "while starting");
                return false;
            }

            if (started.Elapsed > timeout)
            {
                var node = pending[0];
                _error.WriteLine($"error: {node.Name} (pid {node.Pid}) did not answer {node.Plan.ApiUrl}/v1/status within {timeout.TotalSeconds:0} s; the end of {node.Plan.LogPath}:");
                _error.WriteLine(Indent(node.LogTail()));
                return false;
            }

            var answered = await Task.WhenAll(pending.Select(async n => (Node: n, Status: await TryStatusAsync(http, n))));
            pending = answered.Where(a => a.Status is null).Select(a => a.Node).ToList();
            if (pending.Count > 0)
            {
                await Delay(TimeSpan.FromMilliseconds(200));
            }
        }

        return true;
    }

    /// <summary>Prints progress until a stop request, the end of <c>--duration</c>, or a node exiting on its own.</summary>
    private async Task<int> MonitorAsync(HttpClient http)
    {
        var nodes = Snapshot();
        var deadline = _options.DurationSeconds is not null ? Stopwatch.StartNew() : null;
        var statusEvery = _options.StatusIntervalSeconds > 0 ? TimeSpan.FromSeconds(_options.StatusIntervalSeconds) : Timeout.InfiniteTimeSpan;
        var nextStatus = Stopwatch.StartNew();
        var anyExit = Task.WhenAny(nodes.Select(n => n.Exited));
        while (true)
        {
            var wait = TimeSpan.FromMilliseconds(500);
            if (deadline is not null && deadline.Elapsed.TotalSeconds >= _options.DurationSeconds)
            {
                _out.WriteLine($"devnet: --duration {_options.DurationSeconds} s reached, stopping");
                return 0;
            }

            await Task.WhenAny(anyExit, Delay(wait));
            if (_stop.IsCancellationRequested)
            {
                _out.WriteLine("devnet: stopping (signal)");
                return 0;
            }

            if (anyExit.IsCompleted)
            {
                // Ctrl-C in a terminal reaches the nodes too (same process group): give our own handler a moment,
                // so a node that stopped because of the user's Ctrl-C is not reported as a crash.
                await Delay(TimeSpan.FromSeconds(1));
                if (_stop.IsCancellationRequested)
                {
                    _out.WriteLine("devnet: stopping (signal)");
                    return 0;
                }

                await ReportDeathAsync(nodes.First(n => n.HasExited), "unexpectedly");
                return 1;
            }

            if (statusEvery != Timeout.InfiniteTimeSpan && nextStatus.Elapsed >= statusEvery)
            {
                nextStatus.Restart();
                await PrintStatusAsync(http, nodes);
            }
        }
    }

    private async Task PrintStatusAsync(HttpClient http, IReadOnlyList<DevnetNodeProcess> nodes)
    {
        var statuses = await Task.WhenAll(nodes.Select(n => TryStatusAsync(http, n)));
        var cells = nodes.Select((n, i) => statuses[i] is { } s
            ? string.Format(CultureInfo.InvariantCulture, StatusCell, n.Name, Number(s, "height"), Number(s, "finalizedHeight"), Number(s, "peers"))
            : $"{n.Name} (no answer)");
        var time = _time.GetLocalNow();
        _out.WriteLine($"[{time:HH:mm:ss}] {string.Join(" | ", cells)}");
        if (await TryProgressAsync(http, nodes) is { } progress && progress != _lastProgress)
        {
            _lastProgress = progress;
            _out.WriteLine($"[{time:HH:mm:ss}] {_options.Engine}: {progress}");
        }
    }

    /// <summary>
    /// The engine's one-line progress summary (<see cref="Consensus.Engine.EngineDevnet.ProgressField"/> of its part of
    /// <c>/v1/consensus</c>) from the first node that answers, or null when the engine has none or none yet.
    /// </summary>
    private async Task<string?> TryProgressAsync(HttpClient http, IReadOnlyList<DevnetNodeProcess> nodes)
    {
        if (NodeEngines.Get(_options.Engine).Devnet.ProgressField is not { } field)
        {
            return null;
        }

        foreach (var node in nodes)
        {
            if (await TryGetAsync(http, node, "v1/consensus") is { } consensus)
            {
                return consensus.TryGetProperty(_options.Engine, out var engine) && engine.ValueKind == JsonValueKind.Object
                    && engine.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            }
        }

        return null;
    }

    private static string Number(JsonElement status, string name) =>
        status.TryGetProperty(name, out var value) ? value.ToString() : "?";

    private static Task<JsonElement?> TryStatusAsync(HttpClient http, DevnetNodeProcess node) => TryGetAsync(http, node, "v1/status");

    private static async Task<JsonElement?> TryGetAsync(HttpClient http, DevnetNodeProcess node, string path)
    {
        try
        {
            using var response = await http.GetAsync($"{node.Plan.ApiUrl}/{path}");
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    private async Task ReportDeathAsync(DevnetNodeProcess node, string when)
    {
        // Let the output pumps write the node's last lines to its log first.
        await Task.WhenAny(node.Exited, Task.Delay(2000));
        _error.WriteLine();
        _error.WriteLine($"error: {node.Name} (pid {node.Pid}) exited {when} with code {node.ExitCode}; the end of {node.Plan.LogPath}:");
        _error.WriteLine(Indent(node.LogTail()));
        _error.WriteLine("stopping the other nodes");
    }

    private void PrintReady(DevnetPlan plan)
    {
        var nodes = Snapshot();
        _out.WriteLine();
        _out.WriteLine($"devnet running: {nodes.Count} {plan.Genesis.Engine} node(s), chain {plan.Genesis.ChainId} (genesis {plan.Genesis.Hash}), block interval {_options.BlockIntervalMs} ms");
        _out.WriteLine();
        _out.WriteLine($"  {"name",-7} {"api",-24} {"grpc",-17} {"p2p",-17} {"pid",-8} home");
        foreach (var node in nodes)
        {
            _out.WriteLine($"  {node.Name,-7} {node.Plan.ApiUrl,-24} {node.Plan.Grpc,-17} {node.Plan.P2p,-17} {node.Pid,-8} {node.Plan.Home.Root}");
        }

        _out.WriteLine();
        _out.WriteLine($"  devnet.json  {plan.ManifestPath}");
        _out.WriteLine($"  genesis      {plan.GenesisPath}");
        _out.WriteLine($"  logs         {Path.Combine(plan.Root, "nodeI", "node.log")}");
        if (plan.Nodes.Any(n => n.Meter is not null))
        {
            _out.WriteLine($"  meters       {Path.Combine(plan.Root, "nodeI", DevnetNodePlan.MeterKeyFile)}: the key of node I's meter, which signs its readings (hex, as node.key)");
        }
        var first = nodes[0].Plan.ApiUrl;
        var firstGrpc = nodes[0].Plan.Grpc;
        if (_options.Accounts > 0)
        {
            var account = DevnetSetup.AccountKey(0);
            _out.WriteLine($"  accounts     {_options.Accounts} funded dev accounts, key i = PrivateKey.FromSeed(\"{DevnetOptions.AccountSeedPrefix}<i>\") (INSECURE, public dev keys)");
            _out.WriteLine($"               account 0: {account.Address}  secret {Convert.ToHexStringLower(account.ExportSecret())}");
        }

        _out.WriteLine();
        _out.WriteLine("try:");
        _out.WriteLine($"  curl -s {first}/v1/status");
        var module = NodeEngines.Get(plan.Genesis.Engine);
        foreach (var route in module.Routes)
        {
            _out.WriteLine($"  {$"curl -s {first}{route.Path}",-44} # {route.Summary}");
        }

        if (module.Devnet.ConsensusSummary is { } consensus)
        {
            _out.WriteLine($"  {$"curl -s {first}/v1/consensus",-44} # {consensus}");
        }

        if (_options.Accounts > 0)
        {
            var account = DevnetSetup.AccountKey(0);
            _out.WriteLine($"  ecw --node {firstGrpc} balance {account.Address}");
            _out.WriteLine($"  echo {Convert.ToHexStringLower(account.ExportSecret())} > devnet0.hex && ecw key import --name devnet0 --file devnet0.hex");
            _out.WriteLine($"  ecw --node {firstGrpc} --key devnet0 send --to {DevnetSetup.AccountKey(Math.Min(1, _options.Accounts - 1)).Address} --amount 1EC --wait");
        }

        if (nodes[0].Plan.Meter is not null)
        {
            _out.WriteLine($"  ecw key import --name meter0 --file {nodes[0].Plan.MeterKeyPath}");
            _out.WriteLine($"  ecw --node {firstGrpc} market meter --meter-key meter0 --household {nodes[0].Plan.Address} --slot N --produced WH --consumed WH");
        }

        _out.WriteLine();
        _out.WriteLine(_options.DurationSeconds is { } seconds
            ? $"stopping after {seconds} s (or on Ctrl-C)"
            : "Ctrl-C (or SIGTERM) stops every node and exits");
    }

    /// <summary>SIGTERM to every node still running, waits up to <paramref name="timeout"/>, then kills the rest.</summary>
    private void StopAll(TimeSpan timeout, bool quiet)
    {
        DevnetNodeProcess[] nodes;
        lock (_nodesLock)
        {
            nodes = _nodes.ToArray();
            _nodes.Clear();
        }

        if (nodes.Length == 0)
        {
            return;
        }

        var running = nodes.Where(n => !n.HasExited).ToList();
        if (!quiet && running.Count > 0)
        {
            _out.WriteLine($"devnet: stopping {string.Join(", ", running.Select(n => n.Name))}");
        }

        foreach (var node in running)
        {
            node.RequestStop();
        }

        Task.WaitAll(running.Select(n => n.Exited).ToArray(), timeout);
        foreach (var node in nodes)
        {
            if (!node.HasExited)
            {
                if (!quiet)
                {
                    _error.WriteLine($"warning: {node.Name} (pid {node.Pid}) did not stop within {timeout.TotalSeconds:0} s; killing it");
                }

                node.Kill();
            }

            if (!quiet && running.Contains(node) && node.HasExited)
            {
                _out.WriteLine($"  {node.Name} stopped (exit code {node.ExitCode})");
            }

            node.Dispose();
        }
    }

    private List<IDisposable> RegisterSignals()
    {
        var registrations = new List<IDisposable>();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    _stop.Cancel();
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // SIGHUP/SIGQUIT do not exist on Windows; Ctrl-C (SIGINT) does.
            }
        }

        return registrations;
    }

    private List<DevnetNodeProcess> Snapshot()
    {
        lock (_nodesLock)
        {
            return _nodes.ToList();
        }
    }

    private async Task Delay(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Indent(string text) =>
        string.Join(Environment.NewLine, text.Split('\n').Select(l => "    " + l.TrimEnd('\r')));
}
