using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnergyChain.NeoPeer;

/// <summary>
/// A neo-express private network of 4 consensus nodes, one <c>neoxp run</c> process each, in a directory of its own:
/// the chain file and (through XDG_DATA_HOME) every node's RocksDB live under it, so nothing is left behind.
/// Disposing kills the node processes; they are also killed if this process is stopped with SIGTERM or Ctrl+C.
/// </summary>
public sealed class NeoExpress : IAsyncDisposable
{
    public const string InstallCommand = "dotnet tool install --global neo.express --version 3.5.20";
    private const int NodeCount = 4;

    private readonly string _neoxp;
    private readonly string _root;
    private readonly List<Process> _nodes = [];
    private readonly Lock _nodesLock = new();
    private readonly ConcurrentQueue<string> _recentOutput = new();
    private readonly EventHandler _onExit;

    private NeoExpress(string neoxp, string root)
    {
        _neoxp = neoxp;
        _root = root;
        _onExit = (_, _) => StopNodes();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    public string ChainFile => Path.Combine(_root, "default.neo-express");

    public uint Network { get; private set; }

    public byte AddressVersion { get; private set; }

    public IReadOnlyList<Uri> RpcEndpoints { get; private set; } = [];

    /// <summary>
    /// The neoxp executable: <paramref name="explicitPath"/>, else $NEOXP, else neoxp on PATH, else the global tool
    /// directory. Null when none exists.
    /// </summary>
    public static string? Locate(string? explicitPath = null)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath) ? explicitPath : null;
        }

        IEnumerable<string?> candidates =
        [
            Environment.GetEnvironmentVariable("NEOXP"),
            .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, "neoxp")),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "neoxp"),
        ];
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }

    /// <summary>Why the peer cannot run here, or null when it can (neoxp found, libsnappy loadable).</summary>
    public static string? MissingPrerequisite(string? explicitPath = null)
    {
        if (Locate(explicitPath) is null)
        {
            return explicitPath is not null
                ? $"neoxp not found at {explicitPath}"
                : $"neo-express is not installed: {InstallCommand} (or point $NEOXP / --neoxp at a neoxp executable)";
        }

        // neo-express stores blocks in RocksDB, whose native library needs snappy; without it every node dies at start.
        if (OperatingSystem.IsLinux())
        {
            if (!NativeLibrary.TryLoad("libsnappy.so.1", out var handle))
            {
                return "libsnappy is missing (neo-express's RocksDB needs it): apt-get install libsnappy1v5";
            }

            NativeLibrary.Free(handle);
        }

        return null;
    }

    /// <summary>Creates a fresh 4-node chain under <paramref name="root"/>, starts its nodes and waits until they produce blocks.</summary>
    public static async Task<NeoExpress> StartAsync(string root, string? neoxp, int secondsPerBlock, TextWriter log, CancellationToken cancellationToken)
    {
        if (MissingPrerequisite(neoxp) is { } missing)
        {
            throw new NeoPeerSetupException(missing);
        }

        var network = new NeoExpress(Locate(neoxp)!, root);
        try
        {
            Directory.CreateDirectory(root);
            await network.RunToolAsync(["create", "--count", $"{NodeCount}", "--force", network.ChainFile], cancellationToken);
            network.UseFreePorts();
            network.ReadChainFile();
            for (var i = 0; i < NodeCount; i++)
            {
                network.StartNode(i, secondsPerBlock);
            }

            await network.WaitForBlocksAsync(log, cancellationToken);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a neoxp command against this chain (e.g. a transfer from the genesis account) and returns its output.</summary>
    public async Task<string> RunToolAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(arguments)) ?? throw new NeoPeerSetupException($"could not start {_neoxp}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var output = await stdout + await stderr;
        return process.ExitCode == 0
            ? output
            : throw new NeoPeerSetupException($"neoxp {string.Join(' ', arguments)} exited with {process.ExitCode}: {output.Trim()}");
    }

    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        StopNodes();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A node that was just killed may still be closing a file; a leftover temporary directory is harmless.
        }

        return ValueTask.CompletedTask;
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(_neoxp)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = _root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // neo-express 3.5 targets .NET 6; let it run on the newer runtime installed here.
        start.Environment["DOTNET_ROLL_FORWARD"] = "Major";
        // Its nodes keep their RocksDB under LocalApplicationData: keep that inside the run's directory.
        start.Environment["XDG_DATA_HOME"] = Path.Combine(_root, "data");
        return start;
    }

    /// <summary>
    /// neoxp create numbers every chain's ports the same (50012, 50022, ...); moving them to free loopback ports lets
    /// a run coexist with another neo-express network on the machine.
    /// </summary>
    private void UseFreePorts()
    {
        var chain = JsonNode.Parse(File.ReadAllText(ChainFile))!;
        foreach (var node in chain["consensus-nodes"]!.AsArray())
        {
            foreach (var port in (string[])["tcp-port", "ws-port", "rpc-port"])
            {
                node![port] = FreePort();
            }
        }

        File.WriteAllText(ChainFile, chain.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void ReadChainFile()
    {
        using var chain = JsonDocument.Parse(File.ReadAllText(ChainFile));
        Network = chain.RootElement.GetProperty("magic").GetUInt32();
        AddressVersion = chain.RootElement.GetProperty("address-version").GetByte();
        RpcEndpoints = [.. chain.RootElement.GetProperty("consensus-nodes").EnumerateArray().Select(n => new Uri($"http://127.0.0.1:{n.GetProperty("rpc-port").GetInt32()}/"))];
    }

    private void StartNode(int index, int secondsPerBlock)
    {
        var process = Process.Start(StartInfo(["run", "--input", ChainFile, "--seconds-per-block", $"{secondsPerBlock}", $"{index}"]))
            ?? throw new NeoPeerSetupException($"could not start neoxp run {index}");
        lock (_nodesLock)
        {
            _nodes.Add(process);
        }

        // Both pipes are drained (a full pipe would stall the node); the last lines explain a node that dies.
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                _recentOutput.Enqueue($"node {index}: {line}");
                while (_recentOutput.Count > 40 && _recentOutput.TryDequeue(out string? _))
                {
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private async Task WaitForBlocksAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var clients = RpcEndpoints.Select(e => new Neo.NeoRpcClient(e, connections: 1)).ToArray();
        try
        {
            var patience = Stopwatch.StartNew();
            while (patience.Elapsed < TimeSpan.FromMinutes(2))
            {
                Process? dead;
                lock (_nodesLock)
                {
                    dead = _nodes.FirstOrDefault(n => n.HasExited);
                }

                if (dead is not null)
                {
                    throw new NeoPeerSetupException($"a neo-express node exited with {dead.ExitCode} while starting:{Environment.NewLine}{string.Join(Environment.NewLine, _recentOutput)}");
                }

                var heights = await Task.WhenAll(clients.Select(async c =>
                {
                    try
                    {
                        return await c.BlockCountAsync(cancellationToken);
                    }
                    catch (HttpRequestException)
                    {
                        return 0;
                    }
                    catch (Neo.NeoRpcException)
                    {
                        // A node answers RPC a moment before its ledger is ready.
                        return 0;
                    }
                }));
                // Block 1 means the four have agreed once (the genesis block is 0).
                if (heights.All(h => h >= 2))
                {
                    log.WriteLine($"neo-express: {NodeCount} nodes up after {patience.Elapsed.TotalSeconds:F0} s, RPC {string.Join(", ", RpcEndpoints.Select(e => e.Port))}");
                    return;
                }

                await Task.Delay(250, cancellationToken);
            }

            throw new NeoPeerSetupException($"the neo-express nodes produced no block within 2 minutes:{Environment.NewLine}{string.Join(Environment.NewLine, _recentOutput)}");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private void StopNodes()
    {
        lock (_nodesLock)
        {
            StopNodesLocked();
        }
    }

    private void StopNodesLocked()
    {
        foreach (var node in _nodes)
        {
            try
            {
                if (!node.HasExited)
                {
                    node.Kill(entireProcessTree: true);
                    node.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            finally
            {
                node.Dispose();
            }
        }

        _nodes.Clear();
    }
}
