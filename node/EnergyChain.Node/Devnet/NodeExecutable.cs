namespace EnergyChain.Node.Devnet;

/// <summary>
/// How to start this same node executable again: the apphost (<c>energychain-node</c>) directly, or the
/// <c>dotnet</c> host with <c>energychain-node.dll</c> when that is how we were launched (or when this code is
/// hosted by another process, as in tests).
/// </summary>
public sealed record NodeExecutable(string FileName, IReadOnlyList<string> PrefixArguments)
{
    public static NodeExecutable Current()
    {
        var processPath = Environment.ProcessPath;
        var dll = typeof(NodeExecutable).Assembly.Location;
        if (processPath is not null)
        {
            var name = Path.GetFileNameWithoutExtension(processPath);
            if (name.Equals("energychain-node", StringComparison.OrdinalIgnoreCase))
            {
                return new NodeExecutable(processPath, []);
            }

            if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase) && dll.Length > 0)
            {
                return new NodeExecutable(processPath, [dll]);
            }
        }

        if (dll.Length == 0)
        {
            throw new DevnetException("cannot locate the energychain-node executable to start the nodes");
        }

        // Hosted elsewhere (a test host): run the dll next to this assembly through the dotnet host.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return new NodeExecutable(string.IsNullOrEmpty(host) ? "dotnet" : host, [dll]);
    }

    public override string ToString() => string.Join(' ', PrefixArguments.Prepend(FileName));
}
