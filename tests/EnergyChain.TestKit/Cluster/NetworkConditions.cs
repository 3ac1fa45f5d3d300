namespace EnergyChain.TestKit.Cluster;

/// <summary>How the simulated links behave. Delays are drawn uniformly from [MinDelay, MaxDelay] per message.</summary>
public sealed record NetworkConditions
{
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Messages lost at random, in parts per million.</summary>
    public int DropPpm { get; init; }

    /// <summary>Deliver the messages of one link in the order they were sent, as a TCP connection does.</summary>
    public bool PreserveLinkOrder { get; init; } = true;
}
