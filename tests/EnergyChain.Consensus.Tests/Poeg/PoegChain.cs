using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Tests.Support;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>A poeg chain driven by hand, with short market slots.</summary>
internal sealed class PoegChain(int members = 4, ulong marketSlotBlocks = 4)
    : HandChain<PoegEngine>("poeg", $"{{\"marketSlotBlocks\": {marketSlotBlocks}}}", genesis => new PoegEngine(genesis), members);
