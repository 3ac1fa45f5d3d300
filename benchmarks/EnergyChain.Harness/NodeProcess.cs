using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EnergyChain.Harness;

/// <summary>
/// A real <c>energychain-node</c> process on a free loopback port, for multi-process tests. Output is
/// captured for failure messages; <see cref="Dispose"/> always kills the process.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = new();
    private readonly Lock _outputLock = new();

    private NodeProcess(Process process, int port, int grpcPort)
    {
        _process = process;
        Port = port;
        GrpcPort = grpcPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The gRPC API's loopback port; 0 when the caller passed its own <c>--grpc</c>.</summary>
    public int GrpcPort { get; }

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

    /// <summary>A loopback port free right now (see <see cref="EnergyChain.Node.Devnet.LoopbackPorts"/> for how it is chosen).</summary>
    public static int FreePort() => EnergyChain.Node.Devnet.LoopbackPorts.Free(1)[0];

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

    /// <summary>
    /// Starts <c>run --home HOME --api 127.0.0.1:PORT --grpc 127.0.0.1:PORT2</c> and waits until the API answers. The
    /// gRPC API gets a free port too, or every node would take the default 8647 and the second would not start.
    /// </summary>
    public static async Task<NodeProcess> StartAsync(string home, params string[] extraArgs) =>
        await StartAsync(home, environment: null, extraArgs);

    public static async Task<NodeProcess> StartAsync(string home, IReadOnlyDictionary<string, string>? environment, params string[] extraArgs) =>
        await StartOnPortAsync(home, FreePort(), environment, extraArgs);

    /// <summary>Starts on a given port (a restart that clients must find at the same address).</summary>
    public static async Task<NodeProcess> StartOnPortAsync(string home, int port, params string[] extraArgs) =>
        await StartOnPortAsync(home, port, environment: null, extraArgs);

    public static async Task<NodeProcess> StartOnPortAsync(string home, int port, IReadOnlyDictionary<string, string>? environment, params string[] extraArgs)
    {
        var grpcPort = extraArgs.Contains("--grpc") ? 0 : FreePort();
        string[] grpc = grpcPort == 0 ? [] : ["--grpc", $"127.0.0.1:{grpcPort}"];
        var info = StartInfo(["run", "--home", home, "--api", $"127.0.0.1:{port}", .. grpc, .. extraArgs]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var node = new NodeProcess(process, port, grpcPort);
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
