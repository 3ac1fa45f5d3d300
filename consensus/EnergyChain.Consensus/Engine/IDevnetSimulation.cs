namespace EnergyChain.Consensus.Engine;

/// <summary>Simulated participants of a devnet (households, EVs) acting through their own nodes' APIs, as a wallet would.</summary>
public interface IDevnetSimulation
{
    /// <summary>Runs until <paramref name="stop"/>; participant i acts through <paramref name="client"/> as node i's member.</summary>
    Task RunAsync(IParticipantClient client, CancellationToken stop);
}
