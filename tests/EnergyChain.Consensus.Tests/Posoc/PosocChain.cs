using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Tests.Support;

namespace EnergyChain.Consensus.Tests.Posoc;

/// <summary>A posoc chain driven by hand: hours of 2 blocks, rounds of 2 hours, a 4-weight model.</summary>
internal sealed class PosocChain(string extraParameters = "")
    : HandChain<PosocEngine>("posoc", $"{{\"hourBlocks\": 2, \"roundHours\": 2, \"modelShape\": \"{Shape}\", \"modelParameters\": 4{extraParameters}}}", genesis => new PosocEngine(genesis))
{
    public const string Shape = "test/4";
}
