namespace EnergyChain.Core.Storage;

public sealed class StoreException : Exception
{
    public StoreException(StoreError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    public StoreError Error { get; }
}
