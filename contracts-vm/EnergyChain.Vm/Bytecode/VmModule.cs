namespace EnergyChain.Vm.Bytecode;

/// <summary>A decoded but not yet verified contract: constants and functions. Function 0 is conventionally the entry.</summary>
public sealed record VmModule(byte Version, IReadOnlyList<byte[]> Constants, IReadOnlyList<VmFunction> Functions);
