namespace EnergyChain.Node.Hosting;

/// <summary>A problem with the home directory, config or key that stops the node from starting.</summary>
public sealed class NodeSetupException : Exception
{
    public NodeSetupException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
