namespace EnergyChain.Core.Storage;

/// <summary>Where a committed transaction lives.</summary>
public readonly record struct TxLocation(ulong Height, int Index);
