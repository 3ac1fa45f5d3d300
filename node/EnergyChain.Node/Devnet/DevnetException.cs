namespace EnergyChain.Node.Devnet;

/// <summary>A devnet that cannot be set up or run; the message is shown to the user as one line.</summary>
public sealed class DevnetException(string message) : Exception(message);
