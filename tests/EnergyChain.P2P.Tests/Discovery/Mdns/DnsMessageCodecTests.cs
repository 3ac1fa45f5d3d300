using System.Net;
using EnergyChain.P2P.Discovery.Mdns;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

public sealed class DnsMessageCodecTests
{
    private static readonly DnsName Service = DnsName.Parse(EnergyChainService.ServiceType);
    private static readonly DnsName Instance = Service.Prepend("Node A");
    private static readonly DnsName Host = DnsName.Parse("host.local");

    [Fact]
    public void Query_encodes_to_the_RFC_1035_layout()
    {
        var bytes = DnsMessageCodec.Encode(new DnsMessage { Questions = [new DnsQuestion(Service, DnsRecordType.Ptr)] });

        Assert.Equal(
            "000000000001000000000000" // id 0, flags 0, QDCOUNT 1, AN/NS/AR 0
            + "0C5F656E65726779636861696E" + "045F746370" + "056C6F63616C" + "00" // _energychain _tcp local
            + "000C0001", // PTR, IN, QU bit clear
            Convert.ToHexString(bytes));
    }

    [Fact]
    public void QU_bit_and_cache_flush_bit_are_the_top_bit_of_the_class()
    {
        var message = new DnsMessage
        {
            Questions = [new DnsQuestion(Host, DnsRecordType.A, UnicastResponse: true)],
            Answers = [DnsRecord.Create(Host, new AddressData(IPAddress.Parse("10.1.2.3")), 120, cacheFlush: true)],
        };
        var hex = Convert.ToHexString(DnsMessageCodec.Encode(message, compress: false));

        Assert.Contains("04686F7374056C6F63616C00" + "0001" + "8001", hex, StringComparison.Ordinal); // question: A, QU|IN
        Assert.EndsWith("04686F7374056C6F63616C00" + "0001" + "8001" + "00000078" + "0004" + "0A010203", hex, StringComparison.Ordinal);
        var decoded = DnsMessageCodec.Decode(Convert.FromHexString(hex));
        Assert.True(decoded.Questions[0].UnicastResponse);
        Assert.Equal(DnsClass.Internet, decoded.Questions[0].Class);
        Assert.True(decoded.Answers[0].CacheFlush);
        Assert.Equal(DnsClass.Internet, decoded.Answers[0].Class);
    }

    [Fact]
    public void Response_is_compressed_with_pointers_to_earlier_names()
    {
        var message = new DnsMessage
        {
            Flags = DnsMessage.ResponseFlags,
            Answers =
            [
                DnsRecord.Create(Service, new PtrData(Instance), 4500),
                DnsRecord.Create(Instance, new SrvData(0, 0, 4242, Host), 120, cacheFlush: true),
            ],
        };

        var expected =
            "0000" + "8400" + "0000" + "0002" + "0000" + "0000"
            // @12: _energychain._tcp.local (suffixes at 12, 25 "_tcp.local", 30 "local")
            + "0C5F656E65726779636861696E045F746370056C6F63616C00" + "000C" + "0001" + "00001194" + "0009"
            // @47: RDATA "Node A" + pointer to 12
            + "064E6F64652041" + "C00C"
            // name: pointer to 47; SRV, cache-flush|IN, TTL 120, 13 bytes
            + "C02F" + "0021" + "8001" + "00000078" + "000D"
            // priority 0, weight 0, port 4242, "host" + pointer to 30 ("local")
            + "0000" + "0000" + "1092" + "04686F7374" + "C01E";
        Assert.Equal(expected, Convert.ToHexString(DnsMessageCodec.Encode(message)));

        var decoded = DnsMessageCodec.Decode(Convert.FromHexString(expected));
        Assert.True(decoded.IsResponse);
        Assert.Equal(Instance, ((PtrData)decoded.Answers[0].Data).Target);
        Assert.Equal("Node A", ((PtrData)decoded.Answers[0].Data).Target.Labels[0]);
        var srv = (SrvData)decoded.Answers[1].Data;
        Assert.Equal((4242, "host.local"), (srv.Port, srv.Target.ToString()));
        Assert.Equal(Instance, decoded.Answers[1].Name);
    }

    [Fact]
    public void Decodes_the_RFC_1035_section_4_1_4_compression_example()
    {
        // F.ISI.ARPA at 12; FOO.F.ISI.ARPA as "FOO" + pointer to 12; ARPA as a pointer to 18.
        var packet = Convert.FromHexString(
            "0000" + "8400" + "0001" + "0002" + "0000" + "0000"
            + "0146" + "03495349" + "0441525041" + "00" + "0001" + "0001"
            + "03464F4F" + "C00C" + "0001" + "0001" + "00000E10" + "0004" + "0A000001"
            + "C012" + "000C" + "0001" + "00000E10" + "0002" + "C00C");

        var message = DnsMessageCodec.Decode(packet);

        Assert.Equal("F.ISI.ARPA", message.Questions[0].Name.ToString());
        Assert.Equal("FOO.F.ISI.ARPA", message.Answers[0].Name.ToString());
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ((AddressData)message.Answers[0].Data).Address);
        Assert.Equal("ARPA", message.Answers[1].Name.ToString());
        Assert.Equal(DnsName.Parse("f.isi.arpa"), ((PtrData)message.Answers[1].Data).Target);
    }

    [Theory]
    [InlineData("C00C", "pointer to itself")]
    [InlineData("C00E" + "C00C", "two pointers pointing at each other (the first points forward)")]
    [InlineData("0161" + "C00C", "a label followed by a pointer back to the start of the same name")]
    [InlineData("C0FF", "pointer past the end")]
    public void Compression_loops_and_forward_pointers_are_rejected(string nameHex, string why)
    {
        var packet = Convert.FromHexString("000000000001000000000000" + nameHex + "00010001");

        var error = Assert.Throws<MdnsFormatException>(() => DnsMessageCodec.Decode(packet));
        Assert.True(error.Error == MdnsFormatError.BadPointer, why);
    }

    [Fact]
    public void Long_backward_pointer_chains_stop_at_255_bytes()
    {
        // The RDATA of an opaque record holds "a", then 130 two-byte labels each followed by a pointer to the
        // previous one: a legal chain whose expansion exceeds the 255-byte limit. The second record is named by
        // a pointer to the last link.
        const int BlobAt = 12 + 11;
        var blob = new List<byte> { 1, (byte)'a', 0 };
        var previous = BlobAt;
        for (var i = 0; i < 130; i++)
        {
            var at = BlobAt + blob.Count;
            blob.AddRange([2, (byte)'b', (byte)'b', (byte)(0xC0 | (previous >> 8)), (byte)previous]);
            previous = at;
        }

        byte[] packet =
        [
            .. Convert.FromHexString("000084000000000200000000"),
            .. Convert.FromHexString("00" + "0063" + "0001" + "00000000"), (byte)(blob.Count >> 8), (byte)blob.Count, .. blob,
            (byte)(0xC0 | (previous >> 8)), (byte)previous, .. Convert.FromHexString("0001" + "0001" + "00000000" + "0004" + "0A000001"),
        ];

        Assert.Equal(MdnsFormatError.NameTooLong, Assert.Throws<MdnsFormatException>(() => DnsMessageCodec.Decode(packet)).Error);
        // The same chain cut to 80 links is a valid 243-byte name.
        var cut = BlobAt + 3 + (79 * 5);
        packet[^16] = (byte)(0xC0 | (cut >> 8));
        packet[^15] = (byte)cut;
        Assert.Equal(81, DnsMessageCodec.Decode(packet).Answers[1].Name.Labels.Count);
    }

    [Theory]
    [InlineData("000000000000", MdnsFormatError.Truncated)] // short header
    [InlineData("000000000001000000000000" + "05616263", MdnsFormatError.Truncated)] // label runs off the end
    [InlineData("000000000001000000000000" + "8100010001", MdnsFormatError.BadLabel)] // label type 10
    [InlineData("000084000000000100000000" + "00" + "0001" + "0001" + "00000078" + "0003" + "010203", MdnsFormatError.BadRecordData)] // A of 3 bytes
    [InlineData("000084000000000100000000" + "00" + "000C" + "0001" + "00000078" + "0002" + "0161", MdnsFormatError.Truncated)] // PTR name overruns RDATA
    [InlineData("000084000000000100000000" + "00" + "0010" + "0001" + "00000078" + "0002" + "0561", MdnsFormatError.Truncated)] // TXT string overruns RDATA
    public void Malformed_packets_throw_the_typed_exception(string hex, MdnsFormatError expected) =>
        Assert.Equal(expected, Assert.Throws<MdnsFormatException>(() => DnsMessageCodec.Decode(Convert.FromHexString(hex))).Error);

    [Fact]
    public void Trailing_bytes_after_the_counted_records_are_ignored()
    {
        // An SRV for the root name pointing at the root, then one stray byte.
        var packet = Convert.FromHexString("000084000000000100000000" + "00" + "0021" + "0001" + "00000078" + "0007" + "00000000109200" + "FF");

        var srv = (SrvData)Assert.Single(DnsMessageCodec.Decode(packet).Answers).Data;
        Assert.Equal(4242, srv.Port);
    }

    [Fact]
    public void Round_trips_every_record_type_with_and_without_compression()
    {
        var message = new DnsMessage
        {
            Id = 0x1234,
            Flags = DnsMessage.ResponseFlags,
            Questions = [new DnsQuestion(Instance, DnsRecordType.Any, DnsClass.Internet, UnicastResponse: true)],
            Answers =
            [
                DnsRecord.Create(Service, new PtrData(Instance), 4500),
                DnsRecord.Create(Instance, new SrvData(1, 2, 65535, Host), 120, cacheFlush: true),
                DnsRecord.Create(Instance, TxtData.FromPairs([new("v", "1"), new("chain", "ec-test"), new("flag", null!)]), 4500, cacheFlush: true),
            ],
            Authorities = [DnsRecord.Create(Host, new AddressData(IPAddress.Parse("192.168.1.20")), 120, cacheFlush: true)],
            Additionals =
            [
                DnsRecord.Create(Host, new AddressData(IPAddress.Parse("fe80::1")), 120, cacheFlush: true),
                DnsRecord.Create(Host, new NsecData(Host, [1, 28, 47, 300]), 120, cacheFlush: true),
                new DnsRecord(Host, (DnsRecordType)99, DnsClass.Internet, false, 7, new UnknownData(99, [1, 2, 3])),
                DnsRecord.Create(Instance, new TxtData([]), 4500),
            ],
        };

        foreach (var compress in new[] { true, false })
        {
            var bytes = DnsMessageCodec.Encode(message, compress);
            var decoded = DnsMessageCodec.Decode(bytes);

            Assert.Equal((message.Id, message.Flags), (decoded.Id, decoded.Flags));
            Assert.Equal(message.Questions, decoded.Questions);
            AssertSameRecords(message.Answers, decoded.Answers);
            AssertSameRecords(message.Authorities, decoded.Authorities);
            AssertSameRecords(message.Additionals, decoded.Additionals);
            Assert.Equal(bytes, DnsMessageCodec.Encode(decoded, compress));
        }

        Assert.True(DnsMessageCodec.Encode(message, true).Length < DnsMessageCodec.Encode(message, false).Length);
    }

    [Fact]
    public void Txt_pairs_follow_RFC_6763_section_6()
    {
        var txt = new TxtData([.. new[] { "v=1", "KEY=first", "key=second", "flag", "=novalue", "empty=" }.Select(s => System.Text.Encoding.UTF8.GetBytes(s))]);

        var pairs = txt.ToDictionary();

        Assert.Equal("1", pairs["v"]);
        Assert.Equal("first", pairs["key"]); // keys ignore case; the first wins
        Assert.Equal(string.Empty, pairs["flag"]);
        Assert.Equal(string.Empty, pairs["empty"]);
        Assert.Equal(4, pairs.Count);
        Assert.Equal("00", Convert.ToHexString(new TxtData([]).CanonicalBytes())); // an empty TXT is one empty string
        Assert.Throws<ArgumentException>(() => TxtData.FromPairs([new("a=b", "c")]));
    }

    [Fact]
    public void Names_compare_without_case_and_keep_dots_inside_labels()
    {
        var name = new DnsName(["Node 1.5", "_energychain", "_tcp", "local"]);

        Assert.Equal("Node 1\\.5._energychain._tcp.local", name.ToString());
        Assert.Equal(name, DnsName.Parse("node 1\\.5._EnergyChain._TCP.local."));
        Assert.Equal(name.GetHashCode(), DnsName.Parse("NODE 1\\.5._energychain._tcp.LOCAL").GetHashCode());
        Assert.True(name.IsChildOf(Service));
        Assert.Throws<ArgumentException>(() => new DnsName([new string('a', 64)]));
        Assert.Throws<ArgumentException>(() => new DnsName(Enumerable.Repeat(new string('a', 63), 4)));
    }

    private static void AssertSameRecords(IList<DnsRecord> expected, IList<DnsRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].SameRecord(actual[i]), $"{expected[i]} != {actual[i]}");
            Assert.Equal((expected[i].Ttl, expected[i].CacheFlush), (actual[i].Ttl, actual[i].CacheFlush));
        }
    }
}
