namespace EnergyChain.Vm.Assembly;

/// <summary>A source error in <c>.ecasm</c> text. Tooling only: the chain never assembles at run time.</summary>
public sealed class AssemblyException : Exception
{
    public AssemblyException()
    {
    }

    public AssemblyException(string message)
        : base(message)
    {
    }

    public AssemblyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AssemblyException(int line, string message)
        : base($"line {line}: {message}")
    {
        Line = line;
    }

    public int Line { get; }
}
