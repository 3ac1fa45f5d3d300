using System.Diagnostics;
using System.Globalization;

namespace EnergyChain.Node.Devnet;

/// <summary>One running node of the devnet; its stdout and stderr go to <c>node.log</c> in its home.</summary>
public sealed class DevnetNodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private DevnetNodeProcess(DevnetNodePlan plan, Process process, StreamWriter log)
    {
        Plan = plan;
        _process = process;
        _log = log;
        Exited = process.WaitForExitAsync();
    }

    public DevnetNodePlan Plan { get; }

    public string Name => Plan.Name;

    public int Pid { get; private set; }

    /// <summary>Completes when the process has exited (and its output has been written to the log).</summary>
    public Task Exited { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static DevnetNodeProcess Start(NodeExecutable executable, DevnetNodePlan plan, IReadOnlyList<string> runArguments)
    {
        var info = new ProcessStartInfo(executable.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = plan.Home.Root,
        };
        foreach (var arg in executable.PrefixArguments.Concat(runArguments))
        {
            info.ArgumentList.Add(arg);
        }

        var stream = new FileStream(plan.LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var log = new StreamWriter(stream) { AutoFlush = true };
        log.WriteLine(FormattableString.Invariant($"=== devnet {DateTimeOffset.UtcNow:O}: {string.Join(' ', info.ArgumentList.Prepend(info.FileName))}"));
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new DevnetException($"{plan.Name}: could not start {executable}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.Dispose();
            throw new DevnetException($"{plan.Name}: could not start {executable}: {e.Message}");
        }

        process.StandardInput.Close();
        var node = new DevnetNodeProcess(plan, process, log) { Pid = process.Id };
        process.OutputDataReceived += (_, e) => node.Write(e.Data);
        process.ErrorDataReceived += (_, e) => node.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Asks the node to stop as on Ctrl-C (SIGTERM; the node finishes its block and closes the store).</summary>
    public void RequestStop()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Kill();
            return;
        }

        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Kill();
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the node's log.</summary>
    public string LogTail(int lines = 20) => ReadTail(Plan.LogPath, lines);

    public static string ReadTail(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var tail = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                tail.Enqueue(line);
                if (tail.Count > lines)
                {
                    tail.Dequeue();
                }
            }

            return string.Join(Environment.NewLine, tail);
        }
        catch (IOException e)
        {
            return $"(cannot read {path}: {e.Message})";
        }
    }

    public void Dispose()
    {
        Kill();
        if (_process.WaitForExit(10_000))
        {
            // Flushes the redirected output into the log before it closes.
            _process.WaitForExit();
        }

        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
