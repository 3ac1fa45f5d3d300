namespace EnergyChain.NeoPeer;

/// <summary>The peer cannot run here: neo-express or a native library it needs is missing, or the network did not come up.</summary>
public sealed class NeoPeerSetupException(string message) : Exception(message);
