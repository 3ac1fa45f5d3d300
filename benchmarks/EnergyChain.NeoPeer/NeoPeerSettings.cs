namespace EnergyChain.NeoPeer;

/// <summary>
/// One run of the peer. <paramref name="Rate"/> transfers/s are offered open-loop for <paramref name="Seconds"/>
/// after <paramref name="WarmupSeconds"/> of the same load (not measured); <paramref name="Senders"/> funded
/// accounts sign them. <paramref name="SecondsPerBlock"/> is neo-express's block time (whole seconds, 1 at least).
/// <paramref name="Neoxp"/> is the neoxp executable (default: $NEOXP, then PATH, then ~/.dotnet/tools).
/// </summary>
public sealed record NeoPeerSettings(
    int Rate,
    int Seconds,
    int Senders = 64,
    int WarmupSeconds = 10,
    int SecondsPerBlock = 1,
    int Concurrency = 64,
    string? Neoxp = null,
    string? Home = null)
{
    public void Validate()
    {
        if (Rate <= 0 || Seconds <= 0 || Senders <= 0 || WarmupSeconds < 0 || SecondsPerBlock <= 0 || Concurrency <= 0)
        {
            throw new ArgumentException("rate, seconds, senders, seconds per block and concurrency must be positive, warm-up not negative");
        }
    }
}
