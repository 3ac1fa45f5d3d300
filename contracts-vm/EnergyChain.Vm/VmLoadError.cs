namespace EnergyChain.Vm;

/// <summary>A typed load failure: which rule, in which function, at which code offset (-1 when not applicable).</summary>
public sealed record VmLoadError(VmLoadErrorCode Code, string Message, int Function = -1, int Offset = -1)
{
    public override string ToString() =>
        Function < 0 ? $"{Code}: {Message}" : $"{Code} in function {Function} at offset {Offset}: {Message}";
}
