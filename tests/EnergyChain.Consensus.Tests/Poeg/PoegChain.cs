using EnergyChain.Consensus.Poeg;
using EnergyChain.Consensus.Tests.Support;
using EnergyChain.Contracts.Runtime;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;

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
        meters: true)
{
    /// <summary>A reading of household <paramref name="household"/> signed by <paramref name="meter"/> (its own meter unless given), fee 0.</summary>
    public Transaction Reading(int household, ulong slot, ulong producedWh, ulong consumedWh, PrivateKey? meter = null)
    {
        var signer = meter ?? Meters[household];
        var committed = Chain.GetAccount(signer.Address).Nonce;
        var nonce = committed + (ulong)Pool.PendingRun(signer.Address, committed);
        return Transaction.Create(ChainId, signer, nonce, 0, new MeterReadingPayload(Keys[household].Address, slot, producedWh, consumedWh));
    }

    /// <summary>Produces blocks up to the end of <paramref name="slot"/>'s reading window, the meters reading <paramref name="read"/> first.</summary>
    public void ReadAndSettle(ulong slot, Func<int, (ulong Produced, ulong Consumed)?> read)
    {
        ProduceUntilNext(Engine.Parameters.SettlementHeightOf(slot + 1) + 1);
        var readings = Enumerable.Range(0, Keys.Length).Select(i => (i, r: read(i))).Where(x => x.r is not null)
            .Select(x => Reading(x.i, slot, x.r!.Value.Produced, x.r.Value.Consumed)).ToList();
        Produce(extra: readings);
        ProduceUntilNext(Engine.Parameters.DeliveryHeightOf(slot));
    }
}
