namespace EnergyChain.Consensus.Engine;

/// <summary>Which of a simulated participant's keys signs a transaction.</summary>
public enum ParticipantKey
{
    /// <summary>The participant's member key (its node's key in genesis).</summary>
    Member,

    /// <summary>
    /// The key of the participant's meter, registered with the member in genesis; only devnets of engines that
    /// declare <see cref="EngineDevnet.ParticipantMeters"/> have one.
    /// </summary>
    Meter,
}
