using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Posoc;

/// <summary>
/// An EV's PoSOC record: whether it has departed, the hour of its last report (+1; 0 = never), its hourly scores of
/// the last 24 hours, its profit in the current round, and the mining fee it still owes (Fig. 4.5: an EV that owes
/// a fee is not elected until it has paid).
/// Encoding: <c>u8 version=1 | u8 departed | u64 last report hour + 1 | u64 profit round + 1 | i64 profit |
/// u64 fee due | u8 n | n x (u64 hour | i64 score)</c>.
/// </summary>
public sealed record EvRecord(bool Departed, ulong LastReportHourPlusOne, ulong ProfitRoundPlusOne, long ProfitMicro, ulong FeeDueMicro, IReadOnlyList<HourlyScore> Scores)
{
    private const byte Version = 1;

    public static EvRecord Empty { get; } = new(false, 0, 0, 0, 0, []);

    public long CumulativeScore(ulong currentHour) => PosocScore.Cumulative(Scores, (long)currentHour);

    /// <summary>Profit made in <paramref name="round"/> (0 when the record is of another round).</summary>
    public long ProfitIn(ulong round) => ProfitRoundPlusOne == round + 1 ? ProfitMicro : 0;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(64 + (Scores.Count * 16));
        writer.WriteU8(Version);
        writer.WriteU8(Departed ? (byte)1 : (byte)0);
        writer.WriteU64(LastReportHourPlusOne);
        writer.WriteU64(ProfitRoundPlusOne);
        writer.WriteI64(ProfitMicro);
        writer.WriteU64(FeeDueMicro);
        writer.WriteU8((byte)Scores.Count);
        foreach (var score in Scores)
        {
            writer.WriteU64((ulong)score.Hour);
            writer.WriteI64(score.MicroPoints);
        }

        return writer.ToArray();
    }

    public static EvRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        if (reader.ReadU8() != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, "EV record version");
        }

        var departed = reader.ReadU8() == 1;
        var reportHour = reader.ReadU64();
        var profitRound = reader.ReadU64();
        var profit = reader.ReadI64();
        var feeDue = reader.ReadU64();
        var count = reader.ReadU8();
        var scores = new HourlyScore[count];
        for (var i = 0; i < count; i++)
        {
            scores[i] = new HourlyScore((long)reader.ReadU64(), reader.ReadI64());
        }

        reader.EnsureEnd("EV record");
        return new EvRecord(departed, reportHour, profitRound, profit, feeDue, scores);
    }
}

/// <summary>The global model after aggregating round <see cref="Round"/>'s updates from <see cref="Contributors"/> EVs.</summary>
public sealed record GlobalModel(ulong Round, int Contributors, int[] Weights)
{
    public Hash256 Hash => Federated.ModelHash.Compute(Weights);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(16 + (Weights.Length * 4));
        writer.WriteU64(Round);
        writer.WriteU32((uint)Contributors);
        writer.WriteFixed(ModelUpdatePayload.EncodeWeights(Weights));
        return writer.ToArray();
    }

    public static GlobalModel Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var round = reader.ReadU64();
        var contributors = (int)reader.ReadU32();
        var weights = ReadWeights(ref reader);
        reader.EnsureEnd("global model");
        return new GlobalModel(round, contributors, weights);
    }

    internal static int[] ReadWeights(ref CanonicalReader reader)
    {
        var count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / 4))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"{count} model weights do not fit the remaining bytes");
        }

        var weights = new int[count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = unchecked((int)reader.ReadU32());
        }

        return weights;
    }
}

/// <summary>
/// What the first block of a round closes: the previous round's aggregate (no weights when nobody sent an
/// update), the mLAG that aggregated it and the mining fees it collected (eq. 4.20). It is the block's consensus
/// data; every validator recomputes it. Encoding: <c>u8 version=1 | u64 closed round | 20 mLAG | u64 fees collected
/// | u32 contributors | 32 model hash | u32 n | n x i32 weights</c>.
/// </summary>
public sealed record RoundClose(ulong ClosedRound, Address Mlag, ulong FeesCollectedMicro, int Contributors, Hash256 ModelHash, int[] Weights)
{
    private const byte Version = 1;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(96 + (Weights.Length * 4));
        writer.WriteU8(Version);
        writer.WriteU64(ClosedRound);
        Span<byte> address = stackalloc byte[Address.Size];
        Mlag.CopyTo(address);
        writer.WriteFixed(address);
        writer.WriteU64(FeesCollectedMicro);
        writer.WriteU32((uint)Contributors);
        Span<byte> hash = stackalloc byte[Hash256.Size];
        ModelHash.CopyTo(hash);
        writer.WriteFixed(hash);
        writer.WriteFixed(ModelUpdatePayload.EncodeWeights(Weights));
        return writer.ToArray();
    }

    public static RoundClose Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        if (reader.ReadU8() != Version)
        {
            throw new DecodeException(DecodeError.UnsupportedVersion, "round close version");
        }

        var round = reader.ReadU64();
        var mlag = new Address(reader.ReadFixed(Address.Size, "mLAG"));
        var fees = reader.ReadU64();
        var contributors = (int)reader.ReadU32();
        var hash = new Hash256(reader.ReadFixed(Hash256.Size, "model hash"));
        var weights = GlobalModel.ReadWeights(ref reader);
        reader.EnsureEnd("round close");
        return new RoundClose(round, mlag, fees, contributors, hash, weights);
    }
}

/// <summary>
/// The mLAG election of a round (eq. 4.17-4.18): the seed (the parent hash of the round's first block) and every
/// member's weight, its 24-hour score when the round opened (0 for an EV that owes a fee). Fixed for the round, so
/// one mLAG serves the whole round. Encoding: <c>u64 round | 32 seed | u32 n | n x u64 weight</c> (canonical member order).
/// </summary>
public sealed record RoundElection(ulong Round, Hash256 Seed, ulong[] Weights)
{
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(48 + (Weights.Length * 8));
        writer.WriteU64(Round);
        Span<byte> seed = stackalloc byte[Hash256.Size];
        Seed.CopyTo(seed);
        writer.WriteFixed(seed);
        writer.WriteU32((uint)Weights.Length);
        foreach (var weight in Weights)
        {
            writer.WriteU64(weight);
        }

        return writer.ToArray();
    }

    public static RoundElection Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var round = reader.ReadU64();
        var seed = new Hash256(reader.ReadFixed(Hash256.Size, "seed"));
        var count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / 8))
        {
            throw new DecodeException(DecodeError.InvalidValue, "round election weights");
        }

        var weights = new ulong[count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = reader.ReadU64();
        }

        reader.EnsureEnd("round election");
        return new RoundElection(round, seed, weights);
    }
}

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
