using EnergyChain.Consensus.Posoc;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Contracts.Runtime;

namespace EnergyChain.Consensus.Tests.Posoc;

/// <summary>
/// A posoc chain driven by hand: hours of 2 blocks, rounds of <c>roundHours</c> hours (2 unless given), a 4-weight
/// model; with <c>contracts</c> the mLAG's fees go through the reward contract, as on a node.
/// </summary>
internal sealed class PosocChain(string extraParameters = "", bool contracts = false, int roundHours = 2)
    : HandChain<PosocEngine>(
        "posoc",
        $"{{\"hourBlocks\": 2, \"roundHours\": {roundHours}, \"modelShape\": \"{PosocChain.Shape}\", \"modelParameters\": 4{extraParameters}}}",
        genesis => new PosocEngine(genesis),
        contracts: contracts ? new ContractRuntime() : null)
{
    public const string Shape = "test/4";
}
