namespace EnergyChain.P2P.Tests.Network;

[CollectionDefinition(nameof(HostileFloodCollection), DisableParallelization = true)]
public sealed class HostileFloodCollection;
