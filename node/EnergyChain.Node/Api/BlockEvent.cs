namespace EnergyChain.Node.Api;

public sealed record BlockEvent(ulong Height, string Hash, int TxCount, string StateRoot, long Timestamp);
