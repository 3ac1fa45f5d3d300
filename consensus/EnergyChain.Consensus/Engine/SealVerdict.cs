namespace EnergyChain.Consensus.Engine;

/// <summary>The outcome of a seal check: valid, or invalid with a reason for logs and peer scoring.</summary>
public readonly record struct SealVerdict(bool IsValid, string? Error)
{
    public static SealVerdict Valid => new(true, null);

    public static SealVerdict Invalid(string error) => new(false, error);

    public override string ToString() => IsValid ? "valid" : $"invalid: {Error}";
}
