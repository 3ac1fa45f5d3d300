using EnergyChain.P2P.Messages;

namespace EnergyChain.P2P.Reactors;

/// <summary>Categories of consensus messages; engines add their own numbers up to <see cref="ReactorCodec.MaxConsensusCategory"/>.</summary>
public static class ConsensusCategory
{
    public const uint Vote = 1;
    public const uint Evidence = 2;
    public const uint ProofScoreReport = 3;
    public const uint ModelUpdate = 4;

    /// <summary>The BFT replica's proposals, votes and commit certificates (consensus/Bft).</summary>
    public const uint Bft = 5;
}
