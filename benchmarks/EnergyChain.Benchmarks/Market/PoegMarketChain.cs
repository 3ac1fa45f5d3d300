using System.Text.Json;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Market;
using EnergyChain.Consensus.Poeg;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Benchmarks.Market;

/// <summary>
/// An in-process poeg chain of <c>n</c> households, each with its member and meter key, that runs one market slot
/// end to end (<see cref="RunSlot"/>): slot 0 registers the locations and orders the forecasts for slot 1, the first
/// block of slot 1 clears it, the meters read exactly the forecasts after the slot, and block
/// <see cref="PoegParameters.DeliveryHeightOf"/>(1) settles it. Blocks are built by the producer the engine elects
/// and appended through full validation. Coordinates are shifted so that the EDC at the origin of the generated
/// inputs sits at (10 km, 10 km), the engine's default; the loss factor is the experiment's.
/// </summary>
public sealed class PoegMarketChain
{
    public const long ShiftMetres = 10_000;
    private const string Id = "energychain-poeg-case";

    private readonly PrivateKey[] _members;
    private readonly PrivateKey[] _meters;

    public PoegMarketChain(int households, long lossPpmPerKm, string seed = "poeg-case")
    {
        _members = [.. Enumerable.Range(0, households).Select(i => PrivateKey.FromSeed($"{seed}/member/{i}"))];
        _meters = [.. Enumerable.Range(0, households).Select(i => PrivateKey.FromSeed($"{seed}/meter/{i}"))];
        var genesis = GenesisLoader.Create(
            Id,
            1_795_000_000_000,
            EngineNames.Poeg,
            _members.Select((k, i) => new GenesisMember($"household{i}", k.PublicKey, _meters[i].PublicKey)),
            _members.Select(k => new GenesisAccount(k.Address, 1_000_000_000_000, 1_000_000)),
            engineParametersJson: $"{{\"marketSlotBlocks\": 4, \"lossPpmPerKm\": {lossPpmPerKm}}}");
        Engine = new PoegEngine(genesis);
        Chain = Blockchain.Open(new InMemoryBlockStore(), genesis, new SignatureVerifier(CryptoBackends.Default), Engine.Incentives, null, Engine.Rules);
        Views = new MarketReadModel(Engine, Chain);
    }

    public PoegEngine Engine { get; }

    public Blockchain Chain { get; }

    /// <summary>The engine's market views (<c>/v1/market/...</c>).</summary>
    public MarketReadModel Views { get; }

    /// <summary>Household i's address (participants are ordered by address in the clearing).</summary>
    public Address AddressOf(int household) => _members[household].Address;

    /// <summary>The grid the engine uses, in chain coordinates.</summary>
    public GridParameters Grid => Engine.Parameters.Grid;

    /// <summary>
    /// Household i orders <paramref name="forecasts"/>[i] (positions relative to the EDC) for slot 1 and its meter
    /// reads exactly that; returns slot 1's clearing as the block recorded it, once the slot is settled.
    /// </summary>
    public MarketSettlement RunSlot(IReadOnlyList<ProsumerInput> forecasts)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        var p = Engine.Parameters;
        Produce([.. _members.Select((k, i) => Signed(k, new GridRegistrationPayload(forecasts[i].XMetres + ShiftMetres, forecasts[i].YMetres + ShiftMetres)))]);
        Produce([.. _members.Select((k, i) => Signed(k, new EnergyReportPayload(1, (ulong)forecasts[i].ProductionWh, (ulong)forecasts[i].ConsumptionWh)))]);
        ProduceUntil(p.SettlementHeightOf(1));
        var clearing = MarketSettlement.Decode(Chain.Store.GetBlock(p.SettlementHeightOf(1))!.Header.ConsensusData.Span);
        ProduceUntil(p.SettlementHeightOf(2) - 1);
        Produce([.. _meters.Select((m, i) => Signed(m, new MeterReadingPayload(_members[i].Address, 1, (ulong)forecasts[i].ProductionWh, (ulong)forecasts[i].ConsumptionWh)))]);
        ProduceUntil(p.DeliveryHeightOf(1));
        return clearing;
    }

    /// <summary>GET /v1/market/1/{address} for household i, as the API writes it.</summary>
    public JsonElement HouseholdView(int household) => Json(Views.Household(Query(("slot", "1"), ("address", AddressOf(household).ToString()))));

    /// <summary>GET /v1/market/1, as the API writes it.</summary>
    public JsonElement SlotView() => Json(Views.Slot(Query(("slot", "1"))));

    private static EngineQuery Query(params (string Name, string Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    private static JsonElement Json(EngineResponse response) => response.Status == 200
        ? JsonSerializer.SerializeToElement(response.Body, JsonSerializerOptions.Web)
        : throw new InvalidOperationException($"market view: {response.Status} {response.ErrorMessage}");

    /// <summary>Members pay no fee and meters hold no money: fee 0 (the chain's minimum), so balances move only by the market.</summary>
    private Transaction Signed(PrivateKey key, TxPayload payload) =>
        Transaction.Create(Id, key, Chain.GetAccount(key.Address).Nonce, 0, payload);

    private void ProduceUntil(ulong height)
    {
        while (Chain.Head.Height < height)
        {
            Produce([]);
        }
    }

    private void Produce(IReadOnlyList<Transaction> transactions)
    {
        var height = Chain.Head.Height + 1;
        var producer = Engine.ProducerFor(Chain, height, 0);
        var key = _members.Single(k => k.PublicKey.Equals(producer));
        var built = Chain.Executor.BuildBlock(Chain, transactions, key, Chain.Head.Timestamp + 1000);
        if (built.Block.Transactions.Count != transactions.Count)
        {
            throw new InvalidOperationException($"block {height} left out {transactions.Count - built.Block.Transactions.Count} of {transactions.Count} transactions");
        }

        var result = Chain.TryAppend(built.Block);
        if (!result.IsValid)
        {
            throw new InvalidOperationException($"block {height} refused: {result}");
        }
    }
}
