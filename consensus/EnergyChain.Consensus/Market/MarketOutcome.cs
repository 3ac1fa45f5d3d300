using System.Buffers.Binary;
using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Market;

/// <summary>
/// What <see cref="CoalitionFormation.Form"/> computed: the stable partition, all energy trades, per-member scores and
/// losses, and the search statistics. A validator re-runs the formation and compares <see cref="Encode"/> outputs;
/// equality of two outcomes is defined as equality of their encodings.
/// <para>
/// Encoding (big-endian, fixed width, no optional fields; version 1): "ECMO", u8 version, u32 prosumer count n,
/// n x (i64 singleton score, i64 score, i64 loss alone, i64 loss in coalition, u32 coalition index), u32 coalition
/// count, each (u32 size, size x u32 member, i64 score), u32 trade count, each (i32 from, i32 to, i64 energy,
/// i64 loss), i64 total savings, u32 merges, u32 splits, u32 switches, u32 iterations, u8 converged (0/1).
/// Decode accepts exactly the encodings Encode can produce for a consistent outcome.
/// </para>
/// </summary>
public sealed record MarketOutcome(
    IReadOnlyList<MarketCoalition> Coalitions,
    IReadOnlyList<EnergyTrade> Trades,
    IReadOnlyList<MemberOutcome> Members,
    long TotalSavingsWh,
    int MergeOperations,
    int SplitOperations,
    int SwitchOperations,
    int Iterations,
    bool Converged)
{
    private static ReadOnlySpan<byte> Magic => "ECMO"u8;

    private const byte Version = 1;

    public byte[] Encode()
    {
        var w = new CanonicalWriter(64 + (Members.Count * 40) + (Trades.Count * 24));
        w.WriteFixed(Magic);
        w.WriteU8(Version);
        w.WriteU32((uint)Members.Count);
        foreach (var m in Members)
        {
            w.WriteI64(m.SingletonScore);
            w.WriteI64(m.Score);
            w.WriteI64(m.LossAloneWh);
            w.WriteI64(m.LossInCoalitionWh);
            w.WriteU32((uint)m.CoalitionIndex);
        }

        w.WriteU32((uint)Coalitions.Count);
        foreach (var c in Coalitions)
        {
            w.WriteU32((uint)c.Members.Count);
            foreach (var member in c.Members)
            {
                w.WriteU32((uint)member);
            }

            w.WriteI64(c.Score);
        }

        w.WriteU32((uint)Trades.Count);
        foreach (var t in Trades)
        {
            w.WriteU32(unchecked((uint)t.From));
            w.WriteU32(unchecked((uint)t.To));
            w.WriteI64(t.EnergyWh);
            w.WriteI64(t.LossWh);
        }

        w.WriteI64(TotalSavingsWh);
        w.WriteU32((uint)MergeOperations);
        w.WriteU32((uint)SplitOperations);
        w.WriteU32((uint)SwitchOperations);
        w.WriteU32((uint)Iterations);
        w.WriteU8(Converged ? (byte)1 : (byte)0);
        return w.ToArray();
    }

    /// <summary>Parses and checks an encoding; throws <see cref="MarketOutcomeFormatException"/> and nothing else on bad input.</summary>
    public static MarketOutcome Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new Reader(bytes);
        if (!r.Take(4).SequenceEqual(Magic))
        {
            throw new MarketOutcomeFormatException("not a market outcome: bad magic");
        }

        var version = r.U8();
        if (version != Version)
        {
            throw new MarketOutcomeFormatException($"unsupported market outcome version {version}");
        }

        var n = r.Count(36, "prosumer");
        var members = new MemberOutcome[n];
        for (var i = 0; i < n; i++)
        {
            members[i] = new MemberOutcome(r.I64(), r.I64(), r.I64(), r.I64(), r.Index(n, "coalition index"));
        }

        var coalitionCount = r.Count(12, "coalition");
        var coalitions = new MarketCoalition[coalitionCount];
        var seen = new bool[n];
        var covered = 0;
        for (var c = 0; c < coalitionCount; c++)
        {
            var size = r.Count(4, "member");
            if (size == 0)
            {
                throw new MarketOutcomeFormatException($"coalition {c} is empty");
            }

            var list = new int[size];
            for (var k = 0; k < size; k++)
            {
                list[k] = r.Index(n, "member");
                if (k > 0 && list[k] <= list[k - 1])
                {
                    throw new MarketOutcomeFormatException($"coalition {c} members are not strictly ascending");
                }

                if (seen[list[k]])
                {
                    throw new MarketOutcomeFormatException($"prosumer {list[k]} is in two coalitions");
                }

                seen[list[k]] = true;
                if (members[list[k]].CoalitionIndex != c)
                {
                    throw new MarketOutcomeFormatException($"prosumer {list[k]} names coalition {members[list[k]].CoalitionIndex} but is in {c}");
                }
            }

            if (c > 0 && list[0] <= coalitions[c - 1].Members[0])
            {
                throw new MarketOutcomeFormatException("coalitions are not ordered by their smallest member");
            }

            covered += size;
            var score = r.I64();
            Int128 sum = 0;
            foreach (var member in list)
            {
                sum += members[member].Score;
            }

            if (sum != score)
            {
                throw new MarketOutcomeFormatException($"coalition {c} score {score} is not the sum of its members' scores");
            }

            coalitions[c] = new MarketCoalition(list, score);
        }

        if (covered != n)
        {
            throw new MarketOutcomeFormatException("the coalitions do not cover every prosumer");
        }

        var tradeCount = r.Count(24, "trade");
        var trades = new EnergyTrade[tradeCount];
        for (var t = 0; t < tradeCount; t++)
        {
            var from = r.Party(n);
            var to = r.Party(n);
            var energy = r.I64();
            var loss = r.I64();
            if (from == to || energy <= 0 || loss < 0)
            {
                throw new MarketOutcomeFormatException($"trade {t} is invalid (same parties, non-positive energy or negative loss)");
            }

            trades[t] = new EnergyTrade(from, to, energy, loss);
            if (t > 0 && EnergyTrade.CanonicalOrder(trades[t - 1], trades[t]) >= 0)
            {
                throw new MarketOutcomeFormatException("trades are not in canonical (From, To) order");
            }
        }

        var savings = r.I64();
        Int128 expected = 0;
        foreach (var m in members)
        {
            expected += m.LossAloneWh - (Int128)m.LossInCoalitionWh;
        }

        if (expected != savings)
        {
            throw new MarketOutcomeFormatException("total savings do not match the members' losses");
        }

        var merges = r.NonNegative("merge count");
        var splits = r.NonNegative("split count");
        var switches = r.NonNegative("switch count");
        var iterations = r.NonNegative("iteration count");
        var converged = r.U8() switch
        {
            0 => false,
            1 => true,
            var b => throw new MarketOutcomeFormatException($"converged flag must be 0 or 1, was {b}"),
        };
        if (!r.AtEnd)
        {
            throw new MarketOutcomeFormatException("trailing bytes after the market outcome");
        }

        return new MarketOutcome(coalitions, trades, members, savings, merges, splits, switches, iterations, converged);
    }

    /// <summary>
    /// The mining reward M_r = delta * sum of E_Si^save (eq. 3.23) in Wh, rounded down; <paramref name="deltaPpm"/> is
    /// delta in parts per million (the thesis's delta = 0.1 is 100,000), 0 &lt; delta &lt;= 10^6.
    /// </summary>
    public long MiningRewardWh(long deltaPpm)
    {
        if (deltaPpm <= 0 || deltaPpm > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(deltaPpm), deltaPpm, "delta must be in 1..1,000,000 ppm");
        }

        return (long)((Int128)TotalSavingsWh * deltaPpm / 1_000_000);
    }

    public bool Equals(MarketOutcome? other) =>
        other is not null && (ReferenceEquals(this, other) || Encode().AsSpan().SequenceEqual(other.Encode()));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Encode());
        return hash.ToHashCode();
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _offset;

        public readonly bool AtEnd => _offset == _bytes.Length;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (_bytes.Length - _offset < count)
            {
                throw new MarketOutcomeFormatException($"truncated market outcome: needed {count} bytes at offset {_offset}, {_bytes.Length - _offset} left");
            }

            var span = _bytes.Slice(_offset, count);
            _offset += count;
            return span;
        }

        public byte U8() => Take(1)[0];

        public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public long I64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        /// <summary>A count whose items need at least <paramref name="minBytesEach"/> bytes: bounded by what is left, so no huge allocation.</summary>
        public int Count(int minBytesEach, string what)
        {
            var count = U32();
            if (count > (uint)((_bytes.Length - _offset) / minBytesEach))
            {
                throw new MarketOutcomeFormatException($"{what} count {count} exceeds the remaining bytes");
            }

            return (int)count;
        }

        public int Index(int bound, string what)
        {
            var value = U32();
            if (value >= (uint)bound)
            {
                throw new MarketOutcomeFormatException($"{what} {value} out of range 0..{bound - 1}");
            }

            return (int)value;
        }

        public int Party(int bound)
        {
            var value = unchecked((int)U32());
            if (value < EnergyTrade.Edc || value >= bound)
            {
                throw new MarketOutcomeFormatException($"trade party {value} out of range -1..{bound - 1}");
            }

            return value;
        }

        public int NonNegative(string what)
        {
            var value = U32();
            if (value > int.MaxValue)
            {
                throw new MarketOutcomeFormatException($"{what} {value} out of range");
            }

            return (int)value;
        }
    }
}
