namespace EnergyChain.NeoPeer.Neo;

/// <summary>A Neo node answered a JSON-RPC call with an error.</summary>
public sealed class NeoRpcException(string message) : Exception(message);
