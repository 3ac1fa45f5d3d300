namespace EnergyChain.Bench;

/// <summary>One cell of the matrix: an engine on a number of nodes under one offered load.</summary>
public sealed record BenchCell(string Engine, int Nodes, int Rate)
{
    public override string ToString() => $"{Engine}, {Nodes} nodes, {Rate:N0}/s";
}
