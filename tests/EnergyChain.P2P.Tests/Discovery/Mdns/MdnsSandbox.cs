using System.Diagnostics;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

/// <summary>
/// Runs a bash script inside ../shared/tools/mdns-sandbox.sh (a private network namespace with multicast on its
/// loopback and its own avahi-daemon), with a hard timeout that kills whatever is left.
/// </summary>
internal static class MdnsSandbox
{
    /// <summary>The sandbox's exit status when it cannot be made here (not root, no network namespaces, no Avahi).</summary>
    public const int CannotRun = 77;

    public static string ChildDll => Path.Combine(AppContext.BaseDirectory, "EnergyChain.MdnsChild.dll");

    /// <summary>The sandbox script next to the repository (../shared/tools from the directory holding EnergyChain.sln), or null.</summary>
    public static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EnergyChain.sln")))
            {
                var script = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "tools", "mdns-sandbox.sh"));
                return File.Exists(script) ? script : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs <c>mdns-sandbox.sh bash -c SCRIPT bash ARGS...</c>; inside, $1 is the dotnet host, $2 the child dll,
    /// $3 a scratch directory, then <paramref name="args"/>. Returns the exit status and both outputs.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string sandbox, string script, TimeSpan timeout, params string[] args)
    {
        var scratch = Directory.CreateTempSubdirectory("energychain-mdns-").FullName;
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[sandbox, "bash", "-c", script, "bash", DotnetHost(), ChildDll, scratch, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Stop(process);
                throw new TimeoutException($"mdns-sandbox did not finish within {timeout}: {await stdout} {await stderr}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                Stop(process);
            }

            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Stop(Process process)
    {
        // SIGTERM first so the sandbox's trap deletes the namespace and stops its daemons; then kill the rest.
        try
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            term.WaitForExit();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
