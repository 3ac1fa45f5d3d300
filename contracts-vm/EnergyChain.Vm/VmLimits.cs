namespace EnergyChain.Vm;

/// <summary>
/// Every bound the VM enforces, in one record so that a chain fixes them at genesis and every node applies the
/// same ones. Defaults are sized for small market contracts.
/// </summary>
public sealed record VmLimits
{
    public static VmLimits Default { get; } = new();

    /// <summary>Value-stack slots across all frames (locals included).</summary>
    public int MaxStackDepth { get; init; } = 2048;

    /// <summary>Nested calls, the entry function counting as depth 1.</summary>
    public int MaxCallDepth { get; init; } = 64;

    /// <summary>Encoded module size in bytes.</summary>
    public int MaxCodeSize { get; init; } = 64 * 1024;

    public int MaxFunctions { get; init; } = 256;

    public int MaxConstants { get; init; } = 1024;

    /// <summary>Largest single byte string (and so the largest storage value a host should accept).</summary>
    public int MaxByteStringSize { get; init; } = 16 * 1024;

    /// <summary>Total bytes of byte strings created during one call (allocation, not live size: cheap and deterministic).</summary>
    public long MaxMemoryBytes { get; init; } = 1024 * 1024;

    /// <summary>Instructions executed in one call, whatever the gas limit.</summary>
    public long MaxInstructionsPerCall { get; init; } = 50_000_000;
}
