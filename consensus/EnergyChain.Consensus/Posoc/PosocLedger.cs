using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc;

/// <summary>Reads and writes the PoSOC records (<see cref="EngineRecords"/>).</summary>
public static class PosocLedger
{
    private static readonly byte[] ModelKey = "posoc/model"u8.ToArray();
    private static readonly byte[] ElectionKey = "posoc/election"u8.ToArray();

    public static EvRecord Ev(IStateReader state, Address ev) =>
        EngineRecords.Read(state, Key("posoc/ev/"u8, ev)) is { } bytes ? EvRecord.Decode(bytes) : EvRecord.Empty;

    public static void SetEv(StateOverlay state, Address ev, EvRecord record) => EngineRecords.Write(state, Key("posoc/ev/"u8, ev), record.Encode());

    /// <summary>The EV's pending model update (its latest; the caller checks the round).</summary>
    public static ModelUpdatePayload? Update(IStateReader state, Address ev)
    {
        if (EngineRecords.Read(state, Key("posoc/update/"u8, ev)) is not { } bytes)
        {
            return null;
        }

        var reader = new CanonicalReader(bytes);
        var round = reader.ReadU64();
        var samples = reader.ReadU64();
        var shape = reader.ReadU32();
        var weights = GlobalModel.ReadWeights(ref reader);
        reader.EnsureEnd("model update record");
        return new ModelUpdatePayload(round, samples, shape, weights);
    }

    public static void SetUpdate(StateOverlay state, Address ev, ModelUpdatePayload update)
    {
        var writer = new CanonicalWriter(24 + (update.Weights.Length * 4));
        writer.WriteU64(update.Round);
        writer.WriteU64(update.SampleCount);
        writer.WriteU32(update.ShapeId);
        writer.WriteFixed(ModelUpdatePayload.EncodeWeights(update.Weights));
        EngineRecords.Write(state, Key("posoc/update/"u8, ev), writer.WrittenSpan);
    }

    public static GlobalModel? Model(IStateReader state) =>
        EngineRecords.Read(state, ModelKey) is { } bytes ? GlobalModel.Decode(bytes) : null;

    public static void SetModel(StateOverlay state, GlobalModel model) => EngineRecords.Write(state, ModelKey, model.Encode());

    public static RoundElection? Election(IStateReader state) =>
        EngineRecords.Read(state, ElectionKey) is { } bytes ? RoundElection.Decode(bytes) : null;

    public static void SetElection(StateOverlay state, RoundElection election) => EngineRecords.Write(state, ElectionKey, election.Encode());

    private static byte[] Key(ReadOnlySpan<byte> prefix, Address address)
    {
        var key = new byte[prefix.Length + Address.Size];
        prefix.CopyTo(key);
        address.CopyTo(key.AsSpan(prefix.Length));
        return key;
    }
}
