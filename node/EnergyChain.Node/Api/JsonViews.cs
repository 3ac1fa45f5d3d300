using EnergyChain.Consensus.Federated;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Node.Api;

/// <summary>The JSON shapes of docs/api.md, built from core types.</summary>
internal static class JsonViews
{
    public static object Transaction(Transaction tx) => new
    {
        hash = tx.Hash.ToString(),
        chainId = tx.ChainId,
        type = tx.Type.ToString(),
        sender = tx.Sender.ToString(),
        from = tx.SenderAddress.ToString(),
        nonce = tx.Nonce,
        fee = tx.Fee,
        payload = Payload(tx.Payload),
    };

    public static object Payload(TxPayload payload) => payload switch
    {
        TransferPayload t => new { to = t.To.ToString(), amount = t.Amount },
        StakePayload s => new { amount = s.Amount },
        UnstakePayload u => new { amount = u.Amount },
        EnergyReportPayload e => new { marketSlot = e.MarketSlot, productionWh = e.ProductionWh, consumptionWh = e.ConsumptionWh, minSellMicroPerWh = e.MinSellMicroPerWh, maxBuyMicroPerWh = e.MaxBuyMicroPerWh },
        MeterReadingPayload r => new { household = r.Household.ToString(), marketSlot = r.MarketSlot, producedWh = r.ProducedWh, consumedWh = r.ConsumedWh },
        V2vIntentPayload i => new { hour = i.Hour, side = i.Side == V2vSide.Sell ? "sell" : "buy", energyWh = i.EnergyWh, priceMicroPerWh = i.PriceMicroPerWh, site = i.Site, availableFromHour = i.AvailableFromHour, availableUntilHour = i.AvailableUntilHour },
        V2vDeliveryPayload d => new { hour = d.Hour, counterparty = d.Counterparty.ToString(), energyWh = d.EnergyWh },
        GridRegistrationPayload g => new { xMetres = g.XMetres, yMetres = g.YMetres },
        ModelUpdatePayload m => new { round = m.Round, sampleCount = m.SampleCount, shapeId = m.ShapeId, parameters = m.Weights.Length, modelHash = ModelHash.Compute(m.Weights).ToString() },
        EvReportPayload v => new { socPpm = v.SocPpm, maxSocPpm = v.MaxSocPpm, chargedWh = v.ChargedWh, dischargedWh = v.DischargedWh, departing = v.Departing },
        ContractDeployPayload d => new
        {
            codeSize = d.Code.Length,
            codeHash = Core.Crypto.Hash256.Compute(d.Code).ToString(),
            args = d.InitArgs.Select(a => a.ToString()).ToArray(),
            gasLimit = d.GasLimit,
        },
        ContractCallPayload c => new
        {
            contract = c.Contract.ToString(),
            function = c.Function,
            args = c.Args.Select(a => a.ToString()).ToArray(),
            value = c.Value,
            gasLimit = c.GasLimit,
        },
        MemberJoinPayload j => new { name = j.Name, meterKey = j.Meter?.ToString(), role = Core.Genesis.GenesisLoader.RoleName(j.Role), location = j.Location, deposit = j.Deposit },
        MemberVotePayload v => new { subject = v.Subject.ToString(), vote = v.Approve ? "approve" : "reject" },
        MemberLeavePayload => new { },
        MemberEvictPayload e => new { subject = e.Subject.ToString(), reason = e.Reason },
        _ => new { },
    };

    public static object Block(Block block) => new
    {
        height = block.Height,
        hash = block.Hash.ToString(),
        parentHash = block.Header.ParentHash.ToString(),
        timestamp = block.Header.Timestamp,
        slot = block.Header.Slot,
        producer = block.Header.HasProducer ? block.Header.ProducerKey!.ToString() : null,
        txRoot = block.Header.TxRoot.ToString(),
        stateRoot = block.Header.StateRoot.ToString(),
        txCount = block.Transactions.Count,
        transactions = block.Transactions.Select(Transaction).ToArray(),
    };

    public static object Error(string code, string message) => new { error = new { code, message } };
}
