namespace EnergyChain.Core.Genesis;

/// <summary>A genesis file that cannot be used, with the JSON path of the problem in the message.</summary>
public sealed class GenesisException : Exception
{
    public GenesisException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
