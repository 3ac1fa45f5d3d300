namespace EnergyChain.Node.Hosting;

/// <summary>
/// An exclusive lock on the home directory so two nodes never share one store. The OS releases it when
/// the process dies, even by SIGKILL, so a crash never leaves a stale lock behind.
/// </summary>
public sealed class HomeLock : IDisposable
{
    private readonly FileStream _stream;

    private HomeLock(FileStream stream)
    {
        _stream = stream;
    }

    public static HomeLock Acquire(NodeHome home)
    {
        try
        {
            // FileShare.None takes an advisory flock on Unix; a second process gets an IOException.
            var stream = new FileStream(home.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            stream.Write(pid);
            stream.Flush();
            return new HomeLock(stream);
        }
        catch (IOException)
        {
            var holder = TryReadPid(home.LockPath);
            throw new NodeSetupException(
                $"another node is already running on {home.Root}{(holder is null ? string.Empty : $" (pid {holder})")}; stop it first or use another --home");
        }
    }

    public void Dispose() => _stream.Dispose();

    private static string? TryReadPid(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadLine()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
