using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace EnergyChain.TestKit;

/// <summary>
/// A real <c>energychain-node</c> process on a free loopback port, for multi-process tests. Output is
/// captured for failure messages; <see cref="Dispose"/> always kills the process.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = new();
    private readonly Lock _outputLock = new();

    private NodeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Path of energychain-node.dll: next to the test assembly when the test project references the node.</summary>
    public static string NodeDll => Path.Combine(AppContext.BaseDirectory, "energychain-node.dll");

    /// <summary>
    /// A loopback port free right now, chosen below the kernel's ephemeral range. A port the OS picks for port 0
    /// comes from that range, and so does the local port of every outgoing connection on the machine: between this
    /// call and the node's bind, a client socket of a test running in parallel once took one (CI, 2026-12-02:
    /// "Address already in use"). Below the range only explicit binds take ports. Never the same port twice in
    /// one test process.
    /// </summary>
    public static int FreePort()
    {
        var low = EphemeralRangeStart();
        if (low > 4_096)
        {
            var floor = Math.Max(2_048, low - 12_000);
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(floor, low);
                if (HandedOut.TryAdd(port, 0) && CanListen(port))
                {
                    return port;
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> HandedOut = new();

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768; // Linux's default; elsewhere the range differs, and this only narrows the choice
        }
    }

    private static bool CanListen(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Runs <c>energychain-node ARGS</c> to completion (init and other short commands).</summary>
    public static (int ExitCode, string Output) RunToCompletion(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"energychain-node {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Starts <c>run --home HOME --api 127.0.0.1:PORT</c> and waits until the API answers.</summary>
    public static async Task<NodeProcess> StartAsync(string home, params string[] extraArgs) =>
        await StartAsync(home, environment: null, extraArgs);

    public static async Task<NodeProcess> StartAsync(string home, IReadOnlyDictionary<string, string>? environment, params string[] extraArgs) =>
        await StartOnPortAsync(home, FreePort(), environment, extraArgs);

    /// <summary>Starts on a given port (a restart that clients must find at the same address).</summary>
    public static async Task<NodeProcess> StartOnPortAsync(string home, int port, params string[] extraArgs) =>
        await StartOnPortAsync(home, port, environment: null, extraArgs);

    public static async Task<NodeProcess> StartOnPortAsync(string home, int port, IReadOnlyDictionary<string, string>? environment, params string[] extraArgs)
    {
        var info = StartInfo(["run", "--home", home, "--api", $"127.0.0.1:{port}", .. extraArgs]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var node = new NodeProcess(process, port);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"node exited with {process.ExitCode}:{Environment.NewLine}{node.Output}");
            }

            try
            {
                using var response = await node.Http.GetAsync("v1/status");
                if (response.IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        node.Dispose();
        throw new TimeoutException($"node API did not come up:{Environment.NewLine}{node.Output}");
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes (then throws with the node's log).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"timed out waiting for {what}:{Environment.NewLine}{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for a clean exit.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        return _process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(NodeDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Add(line);
        }
    }
}
