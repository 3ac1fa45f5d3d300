namespace EnergyChain.Consensus.Engine;

/// <summary>The names of the engines this project ships, as genesis writes them in <c>consensus.engine</c>.</summary>
public static class EngineNames
{
    /// <summary>One designated producer, every other member follows (development and demos).</summary>
    public const string Single = "single";

    /// <summary>Proof of work: open competition, heaviest chain.</summary>
    public const string Pow = "pow";

    /// <summary>Proof of stake: weighted random election by locked stake, 2/3 finality votes.</summary>
    public const string Pos = "pos";

    /// <summary>Proof of Energy Generation (thesis chapter 3).</summary>
    public const string Poeg = "poeg";

    /// <summary>Proof of State of Charge (thesis chapter 4).</summary>
    public const string Posoc = "posoc";
}
