using System.Buffers.Binary;
using System.Net;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>
/// Encodes and decodes DNS messages. Decoding is for untrusted packets: it throws only
/// <see cref="MdnsFormatException"/>, every loop is bounded by the input, and allocation is proportional to the
/// input (names are capped at 255 bytes however many pointers they follow).
/// </summary>
public static class DnsMessageCodec
{
    /// <summary>Largest message accepted or produced; a DNS message length is 16 bits on every transport.</summary>
    public const int MaxMessageSize = 65535;

    private const int HeaderSize = 12;

    // A name of at most 255 bytes has at most 127 labels, so more pointers than that is not a real name.
    private const int MaxPointersPerName = 127;

    /// <summary>Encodes <paramref name="message"/>; <paramref name="compress"/> uses RFC 1035 s4.1.4 pointers for repeated names.</summary>
    public static byte[] Encode(DnsMessage message, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new DnsWireWriter(compress, lowerCaseNames: false);
        writer.WriteUInt16(message.Id);
        writer.WriteUInt16(message.Flags);
        writer.WriteUInt16(Count(message.Questions.Count));
        writer.WriteUInt16(Count(message.Answers.Count));
        writer.WriteUInt16(Count(message.Authorities.Count));
        writer.WriteUInt16(Count(message.Additionals.Count));
        foreach (var q in message.Questions)
        {
            writer.WriteName(q.Name);
            writer.WriteUInt16((int)q.Type);
            writer.WriteUInt16((q.Class & 0x7FFF) | (q.UnicastResponse ? DnsClass.TopBit : 0));
        }

        foreach (var section in new[] { message.Answers, message.Authorities, message.Additionals })
        {
            foreach (var r in section)
            {
                writer.WriteName(r.Name);
                writer.WriteUInt16((int)r.Type);
                writer.WriteUInt16((r.Class & 0x7FFF) | (r.CacheFlush ? DnsClass.TopBit : 0));
                writer.WriteUInt32(r.Ttl);
                var lengthAt = writer.Length;
                writer.WriteUInt16(0);
                r.Data.WriteTo(writer);
                writer.PatchUInt16(lengthAt, writer.Length - lengthAt - 2);
            }
        }

        if (writer.Length > MaxMessageSize)
        {
            throw new ArgumentException($"message is {writer.Length} bytes, more than {MaxMessageSize}", nameof(message));
        }

        return writer.ToArray();
    }

    /// <summary>Decodes one message. Trailing bytes after the counted records are ignored.</summary>
    /// <exception cref="MdnsFormatException">The packet is not a well-formed DNS message.</exception>
    public static DnsMessage Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > MaxMessageSize)
        {
            throw new MdnsFormatException(MdnsFormatError.BadRecordData, $"packet of {packet.Length} bytes");
        }

        var reader = new Reader(packet);
        var id = reader.ReadUInt16(packet.Length);
        var flags = reader.ReadUInt16(packet.Length);
        var qd = reader.ReadUInt16(packet.Length);
        var an = reader.ReadUInt16(packet.Length);
        var ns = reader.ReadUInt16(packet.Length);
        var ar = reader.ReadUInt16(packet.Length);

        // Lists grow only as records are actually read, so a header claiming 65535 records costs nothing.
        var questions = new List<DnsQuestion>();
        for (var i = 0; i < qd; i++)
        {
            var name = reader.ReadName(packet.Length);
            var type = reader.ReadUInt16(packet.Length);
            var cls = reader.ReadUInt16(packet.Length);
            questions.Add(new DnsQuestion(name, (DnsRecordType)type, cls & 0x7FFF, (cls & DnsClass.TopBit) != 0));
        }

        return new DnsMessage
        {
            Id = id,
            Flags = flags,
            Questions = questions,
            Answers = ReadRecords(ref reader, an),
            Authorities = ReadRecords(ref reader, ns),
            Additionals = ReadRecords(ref reader, ar),
        };
    }

    /// <summary>Like <see cref="Decode"/> but returns false instead of throwing.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> packet, out DnsMessage? message)
    {
        try
        {
            message = Decode(packet);
            return true;
        }
        catch (MdnsFormatException)
        {
            message = null;
            return false;
        }
    }

    private static List<DnsRecord> ReadRecords(ref Reader reader, int count)
    {
        var records = new List<DnsRecord>();
        var end = reader.Length;
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadName(end);
            var type = reader.ReadUInt16(end);
            var cls = reader.ReadUInt16(end);
            var ttl = reader.ReadUInt32(end);
            var length = reader.ReadUInt16(end);
            var dataEnd = reader.Position + length;
            if (dataEnd > end)
            {
                throw new MdnsFormatException(MdnsFormatError.Truncated, $"RDATA of {length} bytes at {reader.Position}");
            }

            var data = ReadData(ref reader, type, dataEnd);
            if (reader.Position != dataEnd)
            {
                throw new MdnsFormatException(MdnsFormatError.BadRecordData, $"type {type} RDATA does not fill RDLENGTH {length}");
            }

            records.Add(new DnsRecord(name, (DnsRecordType)type, cls & 0x7FFF, (cls & DnsClass.TopBit) != 0, ttl, data));
        }

        return records;
    }

    private static DnsRecordData ReadData(ref Reader reader, int type, int end)
    {
        switch ((DnsRecordType)type)
        {
            case DnsRecordType.A or DnsRecordType.Aaaa:
                var size = type == (int)DnsRecordType.A ? 4 : 16;
                if (end - reader.Position != size)
                {
                    throw new MdnsFormatException(MdnsFormatError.BadRecordData, $"address record of {end - reader.Position} bytes");
                }

                return new AddressData(new IPAddress(reader.ReadBytes(size, end)));
            case DnsRecordType.Ptr:
                return new PtrData(reader.ReadName(end));
            case DnsRecordType.Srv:
                var priority = reader.ReadUInt16(end);
                var weight = reader.ReadUInt16(end);
                var port = reader.ReadUInt16(end);
                return new SrvData(priority, weight, port, reader.ReadName(end));
            case DnsRecordType.Txt:
                var strings = new List<byte[]>();
                while (reader.Position < end)
                {
                    var length = reader.ReadByte(end);
                    strings.Add(reader.ReadBytes(length, end));
                }

                return new TxtData(strings);
            case DnsRecordType.Nsec:
                var next = reader.ReadName(end);
                var types = new List<int>();
                while (reader.Position < end)
                {
                    var window = reader.ReadByte(end);
                    var bitmapLength = reader.ReadByte(end);
                    if (bitmapLength is 0 or > 32)
                    {
                        throw new MdnsFormatException(MdnsFormatError.BadRecordData, $"NSEC bitmap of {bitmapLength} bytes");
                    }

                    var bitmap = reader.ReadBytes(bitmapLength, end);
                    for (var bit = 0; bit < bitmapLength * 8; bit++)
                    {
                        if ((bitmap[bit >> 3] & (0x80 >> (bit & 7))) != 0)
                        {
                            types.Add((window << 8) | bit);
                        }
                    }
                }

                return new NsecData(next, types);
            default:
                return new UnknownData(type, reader.ReadBytes(end - reader.Position, end));
        }
    }

    private static int Count(int count) =>
        count <= 0xFFFF ? count : throw new ArgumentException($"{count} entries do not fit a 16-bit count");

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; private set; }

        public readonly int Length => _data.Length;

        public int ReadByte(int end)
        {
            Need(1, end);
            return _data[Position++];
        }

        public int ReadUInt16(int end)
        {
            Need(2, end);
            var value = BinaryPrimitives.ReadUInt16BigEndian(_data[Position..]);
            Position += 2;
            return value;
        }

        public uint ReadUInt32(int end)
        {
            Need(4, end);
            var value = BinaryPrimitives.ReadUInt32BigEndian(_data[Position..]);
            Position += 4;
            return value;
        }

        public byte[] ReadBytes(int count, int end)
        {
            Need(count, end);
            var bytes = _data.Slice(Position, count).ToArray();
            Position += count;
            return bytes;
        }

        /// <summary>
        /// Reads a possibly compressed name. Bytes in place must lie before <paramref name="end"/> (the end of the
        /// RDATA for names inside records). Each pointer must land strictly before where the previous jump landed
        /// (the first: before itself), so the landing points strictly decrease and the walk cannot loop. A real
        /// compressor only ever points at suffixes it wrote earlier, which always satisfies this.
        /// </summary>
        public DnsName ReadName(int end)
        {
            var labels = new List<string>();
            var wireLength = 1;
            var cursor = Position;
            var limit = end;
            var resumeAt = -1;
            var pointers = 0;
            var lastLanding = int.MaxValue;
            while (true)
            {
                if (cursor >= limit)
                {
                    throw new MdnsFormatException(MdnsFormatError.Truncated, $"name runs past byte {limit}");
                }

                var b = _data[cursor];
                if (b == 0)
                {
                    cursor++;
                    break;
                }

                switch (b & 0xC0)
                {
                    case 0xC0:
                        if (cursor + 1 >= limit)
                        {
                            throw new MdnsFormatException(MdnsFormatError.Truncated, $"pointer at {cursor}");
                        }

                        var target = ((b & 0x3F) << 8) | _data[cursor + 1];
                        if (target >= Math.Min(cursor, lastLanding) || ++pointers > MaxPointersPerName)
                        {
                            throw new MdnsFormatException(MdnsFormatError.BadPointer, $"pointer at {cursor} to {target}");
                        }

                        if (resumeAt < 0)
                        {
                            resumeAt = cursor + 2;
                        }

                        // Earlier bytes were all checked against the packet, not the RDATA, bound.
                        limit = _data.Length;
                        cursor = lastLanding = target;
                        continue;
                    case 0x00:
                        if (cursor + 1 + b > limit)
                        {
                            throw new MdnsFormatException(MdnsFormatError.Truncated, $"label at {cursor}");
                        }

                        wireLength += 1 + b;
                        if (wireLength > DnsName.MaxWireLength)
                        {
                            throw new MdnsFormatException(MdnsFormatError.NameTooLong, $"name at {Position}");
                        }

                        try
                        {
                            labels.Add(DnsName.Utf8.GetString(_data.Slice(cursor + 1, b)));
                        }
                        catch (ArgumentException e)
                        {
                            throw new MdnsFormatException($"{MdnsFormatError.BadLabel}: label at {cursor} is not UTF-8", e);
                        }

                        cursor += 1 + b;
                        continue;
                    default:
                        throw new MdnsFormatException(MdnsFormatError.BadLabel, $"label type 0x{b & 0xC0:X2} at {cursor}");
                }
            }

            Position = resumeAt >= 0 ? resumeAt : cursor;
            return DnsName.FromWire([.. labels], wireLength);
        }

        private readonly void Need(int count, int end)
        {
            if (count > end - Position)
            {
                throw new MdnsFormatException(MdnsFormatError.Truncated, $"{count} bytes at {Position}, only {end - Position} left");
            }
        }
    }
}
