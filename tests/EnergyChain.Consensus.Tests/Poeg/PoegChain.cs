using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Contracts.Runtime;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Tests.Poeg;

/// <summary>
/// A poeg chain driven by hand, with short market slots and a meter per household; with <c>contracts</c> it runs a
/// contract runtime (as the node does), so rewards and penalties go through the system contracts; <c>runtime</c>
/// names that runtime; <c>parameters</c> adds engine parameters (JSON members, without braces).
/// </summary>
internal sealed class PoegChain(int members = 4, ulong marketSlotBlocks = 4, bool contracts = false, IContractRuntime? runtime = null, string parameters = "")
    : HandChain<PoegEngine>(
        "poeg",
        $"{{\"marketSlotBlocks\": {marketSlotBlocks}{(parameters.Length == 0 ? string.Empty : ", " + parameters)}}}",
        genesis => new PoegEngine(genesis),
        members,
        runtime ?? (contracts ? new ContractRuntime() : null),
        meters: true);
