using EnergyChain.NeoPeer;

namespace EnergyChain.Bench;

/// <summary>The same-machine peer at one offered rate: its result, or why there is none (<see cref="Skipped"/>).</summary>
public sealed record PeerResult(string Peer, int Offered, NeoPeerResult? Result, string? Skipped);
