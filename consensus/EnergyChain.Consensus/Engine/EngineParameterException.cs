namespace EnergyChain.Consensus.Engine;

/// <summary>A problem in <c>genesis.consensus.params</c>; <see cref="Field"/> names the JSON field.</summary>
public sealed class EngineParameterException : Exception
{
    public EngineParameterException(string field, string problem, Exception? inner = null)
        : base($"{StrictJsonParameters.PathPrefix}{(field.Length == 0 ? string.Empty : "." + field)}: {problem}", inner)
    {
        Field = field;
    }

    /// <summary>The offending field (empty when the parameters as a whole are wrong).</summary>
    public string Field { get; }
}
