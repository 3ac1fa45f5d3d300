using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Messages.Proto;
using Google.Protobuf;

namespace EnergyChain.P2P.Tests.Messages;

/// <summary>Round trips of every reactor message and typed refusals of everything the strict decoders must refuse.</summary>
public sealed class ReactorCodecTests
{
    private static readonly PublicKey SampleKey = PrivateKey.FromSeed("reactor-codec/key").PublicKey;

    public static Hash256 SampleHash(int i) => Hash256.Compute(BitConverter.GetBytes(i));

    public static byte[] SampleBlock => [1, 2, 3, 4, 5, 6, 7, 8, 9];

    // ---- Round trips ----

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(0x0123456789ABCDEFUL)]
    [InlineData(ulong.MaxValue)]
    public void Ping_and_pong_round_trip(ulong nonce)
    {
        Assert.Equal(new ControlMessage(true, nonce), ReactorCodec.DecodeControl(ReactorCodec.EncodePing(nonce)));
        Assert.Equal(new ControlMessage(false, nonce), ReactorCodec.DecodeControl(ReactorCodec.EncodePong(nonce)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(ReactorCodec.MaxHashesPerMessage)]
    public void Tx_announce_and_request_round_trip(int count)
    {
        var hashes = Enumerable.Range(0, count).Select(SampleHash).ToArray();

        var announce = ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxAnnounce(hashes));
        Assert.Equal(TxGossipKind.Announce, announce.Kind);
        Assert.Equal(hashes, announce.Hashes);
        Assert.Empty(announce.Bodies);

        var request = ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxRequest(hashes));
        Assert.Equal(TxGossipKind.Request, request.Kind);
        Assert.Equal(hashes, request.Hashes);
        Assert.Empty(request.Bodies);
    }

    [Fact]
    public void Tx_bodies_round_trip()
    {
        byte[][] bodies = [[1], [2, 3], [.. Enumerable.Range(0, 300).Select(i => (byte)i)]];
        var message = ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxBodies(bodies.Select(b => new ReadOnlyMemory<byte>(b))));
        Assert.Equal(TxGossipKind.Bodies, message.Kind);
        Assert.Empty(message.Hashes);
        Assert.Equal(bodies, message.Bodies.Select(b => b.ToArray()));
    }

    [Fact]
    public void Tx_bodies_round_trip_at_the_limit()
    {
        var bodies = Enumerable.Range(0, ReactorCodec.MaxBodiesPerMessage).Select(i => new ReadOnlyMemory<byte>([(byte)i, 1]));
        var message = ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxBodies(bodies));
        Assert.Equal(ReactorCodec.MaxBodiesPerMessage, message.Bodies.Count);
    }

    [Fact]
    public void Block_gossip_round_trips()
    {
        Assert.Equal(SampleBlock, ReactorCodec.DecodeBlockGossip(ReactorCodec.EncodeBlockGossip(SampleBlock)).ToArray());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(42UL)]
    [InlineData(ulong.MaxValue)]
    public void Sync_status_round_trips(ulong height)
    {
        var message = ReactorCodec.DecodeBlockSync(ReactorCodec.EncodeSyncStatus(height, SampleHash(3)));
        Assert.Equal(BlockSyncKind.Status, message.Kind);
        Assert.Equal(height, message.Height);
        Assert.Equal(SampleHash(3), message.HeadHash);
        Assert.Empty(message.Blocks);
    }

    [Theory]
    [InlineData(1UL, 1U)]
    [InlineData(17UL, 100U)]
    [InlineData(1UL, (uint)ReactorCodec.MaxBlocksPerRange)]
    [InlineData(ulong.MaxValue - ReactorCodec.MaxBlocksPerRange, (uint)ReactorCodec.MaxBlocksPerRange)]
    public void Range_request_round_trips(ulong from, uint count)
    {
        var message = ReactorCodec.DecodeBlockSync(ReactorCodec.EncodeRangeRequest(from, count));
        Assert.Equal(BlockSyncKind.Request, message.Kind);
        Assert.Equal(from, message.Height);
        Assert.Equal(count, message.Count);
        Assert.Empty(message.Blocks);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(ReactorCodec.MaxBlocksPerRange)]
    public void Range_response_round_trips(int count)
    {
        var blocks = Enumerable.Range(0, count).Select(i => new byte[] { (byte)i, (byte)(i >> 8), 7 }).ToArray();
        var message = ReactorCodec.DecodeBlockSync(ReactorCodec.EncodeRangeResponse(5, blocks.Select(b => new ReadOnlyMemory<byte>(b))));
        Assert.Equal(BlockSyncKind.Response, message.Kind);
        Assert.Equal(5UL, message.Height);
        Assert.Equal((uint)count, message.Count);
        Assert.Equal(blocks, message.Blocks.Select(b => b.ToArray()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(26656)]
    [InlineData(65535)]
    public void Listen_port_round_trips(int port)
    {
        var message = ReactorCodec.DecodePeerExchange(ReactorCodec.EncodeListenPort(port));
        Assert.Equal(PeerExchangeKind.ListenPort, message.Kind);
        Assert.Equal(port, message.ListenPort);
        Assert.Empty(message.Addresses);
    }

    [Fact]
    public void Address_request_round_trips()
    {
        var message = ReactorCodec.DecodePeerExchange(ReactorCodec.EncodeAddressRequest());
        Assert.Equal(PeerExchangeKind.Request, message.Kind);
        Assert.Empty(message.Addresses);
    }

    [Fact]
    public void Addresses_round_trip_with_and_without_keys()
    {
        PeerAddressInfo[] addresses =
        [
            new("127.0.0.1", 26656, SampleKey),
            new("node-1.example.org", 1, null),
            new("::1", 65535, SampleKey),
            new("fe80::1:2", 443, null),
        ];
        var message = ReactorCodec.DecodePeerExchange(ReactorCodec.EncodeAddresses(addresses));
        Assert.Equal(PeerExchangeKind.Addresses, message.Kind);
        Assert.Equal(addresses.Length, message.Addresses.Count);
        for (var i = 0; i < addresses.Length; i++)
        {
            Assert.Equal(addresses[i].Host, message.Addresses[i].Host);
            Assert.Equal(addresses[i].Port, message.Addresses[i].Port);
            Assert.Equal(addresses[i].NodeKey, message.Addresses[i].NodeKey);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ReactorCodec.MaxAddressesPerMessage)]
    public void Address_lists_from_empty_to_the_limit_round_trip(int count)
    {
        var addresses = Enumerable.Range(0, count).Select(i => new PeerAddressInfo($"10.0.{i / 256}.{i % 256}", 1000 + i, SampleKey));
        var message = ReactorCodec.DecodePeerExchange(ReactorCodec.EncodeAddresses(addresses));
        Assert.Equal(PeerExchangeKind.Addresses, message.Kind);
        Assert.Equal(count, message.Addresses.Count);
    }

    [Theory]
    [InlineData(1U)]
    [InlineData(4U)]
    [InlineData(ReactorCodec.MaxConsensusCategory)]
    public void Consensus_round_trips(uint category)
    {
        var message = ReactorCodec.DecodeConsensus(ReactorCodec.EncodeConsensus(category, [9, 8, 7]));
        Assert.Equal(category, message.Category);
        Assert.Equal([9, 8, 7], message.Payload.ToArray());
    }

    [Fact]
    public void Consensus_round_trips_an_empty_payload()
    {
        var message = ReactorCodec.DecodeConsensus(ReactorCodec.EncodeConsensus(2, []));
        Assert.Equal(2U, message.Category);
        Assert.True(message.Payload.IsEmpty);
    }

    [Theory]
    [InlineData(0U)]
    [InlineData(ReactorCodec.MaxConsensusCategory + 1)]
    public void Encoding_a_consensus_category_out_of_range_is_an_argument_error(uint category) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReactorCodec.EncodeConsensus(category, [1]));

    // ---- Control ----

    [Fact]
    public void Control_without_ping_or_pong_is_refused() =>
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeControl([]));

    // ---- Tx gossip ----

    [Fact]
    public void Tx_gossip_without_a_kind_is_refused() =>
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip([]));

    [Fact]
    public void Empty_hash_lists_are_refused()
    {
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxAnnounce([])));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxRequest([])));
    }

    [Fact]
    public void Too_many_hashes_are_refused()
    {
        var hashes = Enumerable.Range(0, ReactorCodec.MaxHashesPerMessage + 1).Select(SampleHash).ToArray();
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxAnnounce(hashes)));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxRequest(hashes)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Hashes_of_the_wrong_length_are_refused(int length)
    {
        var hashes = new TxHashes();
        hashes.Hashes.Add(ByteString.CopyFrom(SampleHash(1).ToArray()));
        hashes.Hashes.Add(ByteString.CopyFrom(new byte[length]));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(new TxGossip { Announce = hashes }.ToByteArray()));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(new TxGossip { Request = hashes }.ToByteArray()));
    }

    [Fact]
    public void Empty_bodies_lists_and_empty_bodies_are_refused()
    {
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxBodies([])));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxBodies([new byte[] { 1 }, ReadOnlyMemory<byte>.Empty])));
    }

    [Fact]
    public void Too_many_bodies_are_refused()
    {
        var bodies = Enumerable.Range(0, ReactorCodec.MaxBodiesPerMessage + 1).Select(i => new ReadOnlyMemory<byte>([1]));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeTxGossip(ReactorCodec.EncodeTxBodies(bodies)));
    }

    // ---- Block gossip ----

    [Fact]
    public void Block_gossip_without_a_block_is_refused()
    {
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockGossip([]));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockGossip(ReactorCodec.EncodeBlockGossip([])));
    }

    // ---- Block sync ----

    [Fact]
    public void Block_sync_without_a_kind_is_refused() =>
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockSync([]));

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Sync_status_with_a_head_hash_of_the_wrong_length_is_refused(int length)
    {
        var message = new BlockSync { Status = new SyncStatus { Height = 1, HeadHash = ByteString.CopyFrom(new byte[length]) } };
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockSync(message.ToByteArray()));
    }

    [Theory]
    [InlineData(1UL, 0U)]
    [InlineData(1UL, (uint)ReactorCodec.MaxBlocksPerRange + 1)]
    [InlineData(1UL, uint.MaxValue)]
    [InlineData(0UL, 1U)]
    [InlineData(0UL, 10U)]
    [InlineData(ulong.MaxValue, 1U)]
    [InlineData(ulong.MaxValue - 9, 10U)]
    public void Range_requests_out_of_range_are_refused(ulong from, uint count) =>
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockSync(ReactorCodec.EncodeRangeRequest(from, count)));

    [Fact]
    public void Range_responses_out_of_range_are_refused()
    {
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockSync(ReactorCodec.EncodeRangeResponse(0, [SampleBlock])));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockSync(ReactorCodec.EncodeRangeResponse(ulong.MaxValue, [SampleBlock])));
        var tooMany = Enumerable.Range(0, ReactorCodec.MaxBlocksPerRange + 1).Select(_ => new ReadOnlyMemory<byte>(SampleBlock));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockSync(ReactorCodec.EncodeRangeResponse(1, tooMany)));
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeBlockSync(ReactorCodec.EncodeRangeResponse(1, [SampleBlock, ReadOnlyMemory<byte>.Empty])));
    }

    // ---- Peer exchange ----

    [Fact]
    public void Peer_exchange_without_a_kind_is_refused() =>
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodePeerExchange([]));

    [Theory]
    [InlineData(0U)]
    [InlineData(65536U)]
    [InlineData(uint.MaxValue)]
    public void Listen_ports_out_of_range_are_refused(uint port) =>
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodePeerExchange(new PeerExchange { ListenPort = port }.ToByteArray()));

    [Fact]
    public void An_address_request_of_false_is_refused() =>
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodePeerExchange(new PeerExchange { Request = false }.ToByteArray()));

    [Fact]
    public void Too_many_addresses_are_refused()
    {
        var addresses = Enumerable.Range(0, ReactorCodec.MaxAddressesPerMessage + 1).Select(i => new PeerAddressInfo("10.0.0.1", 1000 + i, null));
        AssertError(MessageError.TooLarge, () => ReactorCodec.DecodePeerExchange(ReactorCodec.EncodeAddresses(addresses)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad host")]
    [InlineData("a/b")]
    [InlineData("host\n")]
    [InlineData("host\0")]
    [InlineData("h\u00f6st")]
    [InlineData("user@host")]
    [InlineData("[::1]")]
    [InlineData("host_name")]
    public void Bad_hosts_are_refused(string host) =>
        AssertError(MessageError.InvalidField, () => DecodeOneAddress(host, 26656, SampleKey.ToArray()));

    [Fact]
    public void A_host_longer_than_253_characters_is_refused()
    {
        DecodeOneAddress(new string('a', 253), 1, []);
        AssertError(MessageError.InvalidField, () => DecodeOneAddress(new string('a', 254), 1, []));
    }

    [Theory]
    [InlineData(0U)]
    [InlineData(65536U)]
    [InlineData(uint.MaxValue)]
    public void Address_ports_out_of_range_are_refused(uint port) =>
        AssertError(MessageError.InvalidField, () => DecodeOneAddress("10.0.0.1", port, []));

    [Theory]
    [InlineData(1, 0x02)]
    [InlineData(32, 0x02)]
    [InlineData(34, 0x03)]
    [InlineData(33, 0x04)]
    [InlineData(33, 0x00)]
    [InlineData(65, 0x04)]
    public void Bad_node_keys_are_refused(int length, byte prefix)
    {
        var key = new byte[length];
        key[0] = prefix;
        AssertError(MessageError.InvalidField, () => DecodeOneAddress("10.0.0.1", 26656, key));
    }

    // ---- Consensus ----

    [Theory]
    [InlineData(0U)]
    [InlineData(ReactorCodec.MaxConsensusCategory + 1)]
    [InlineData(uint.MaxValue)]
    public void Consensus_categories_out_of_range_are_refused(uint category)
    {
        var message = new ConsensusMessage { Category = category, Payload = ByteString.CopyFrom([1, 2]) };
        AssertError(MessageError.InvalidField, () => ReactorCodec.DecodeConsensus(message.ToByteArray()));
    }

    // ---- Strictness: unknown fields, non-canonical encodings, malformed bytes ----

    public static TheoryData<string, byte[]> ValidMessages() => new()
    {
        { "control", ReactorCodec.EncodePing(7) },
        { "tx", ReactorCodec.EncodeTxAnnounce([SampleHash(1)]) },
        { "block", ReactorCodec.EncodeBlockGossip(SampleBlock) },
        { "sync", ReactorCodec.EncodeRangeRequest(1, 2) },
        { "pex", ReactorCodec.EncodeListenPort(26656) },
        { "consensus", ReactorCodec.EncodeConsensus(1, [1]) },
    };

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void Unknown_fields_are_refused_as_non_canonical(string decoder, byte[] valid)
    {
        Decode(decoder, valid);
        AssertError(MessageError.NonCanonical, () => Decode(decoder, [.. valid, 0x78, 0x01])); // field 15, varint 1
        AssertError(MessageError.NonCanonical, () => Decode(decoder, [.. valid, 0x82, 0x01, 0x01, 0xAA])); // field 16, bytes
        AssertError(MessageError.NonCanonical, () => Decode(decoder, [0x7D, 1, 2, 3, 4, .. valid])); // field 15, fixed32, first
    }

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void A_repeated_message_is_refused_as_non_canonical(string decoder, byte[] valid) =>
        AssertError(MessageError.NonCanonical, () => Decode(decoder, [.. valid, .. valid]));

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void Truncated_messages_are_malformed(string decoder, byte[] valid) =>
        AssertError(MessageError.Malformed, () => Decode(decoder, valid[..^1]));

    [Fact]
    public void Non_minimal_varints_are_refused_as_non_canonical()
    {
        // ConsensusMessage { category = 1 } with the varint 1 padded to two bytes.
        AssertError(MessageError.NonCanonical, () => ReactorCodec.DecodeConsensus([0x08, 0x81, 0x00, 0x12, 0x01, 0x05]));
        // PeerExchange { listen_port = 80 } padded.
        AssertError(MessageError.NonCanonical, () => ReactorCodec.DecodePeerExchange([0x08, 0xD0, 0x80, 0x00]));
        // BlockSync { request { from_height = 1, count = 1 } } with the inner length padded.
        AssertError(MessageError.NonCanonical, () => ReactorCodec.DecodeBlockSync([0x12, 0x84, 0x00, 0x08, 0x01, 0x10, 0x01]));
        // Control with a ping whose tag is padded.
        AssertError(MessageError.NonCanonical, () => ReactorCodec.DecodeControl([0x89, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]));
    }

    [Fact]
    public void Explicit_default_values_are_refused_as_non_canonical()
    {
        // ConsensusMessage { category = 1, payload = "" } with the empty payload written out.
        AssertError(MessageError.NonCanonical, () => ReactorCodec.DecodeConsensus([0x08, 0x01, 0x12, 0x00]));
        // SyncStatus { height = 0 } written out inside a status.
        var canonical = ReactorCodec.EncodeSyncStatus(0, SampleHash(1));
        var inner = new SyncStatus { HeadHash = ByteString.CopyFrom(SampleHash(1).ToArray()) }.ToByteArray();
        byte[] padded = [0x0A, (byte)(inner.Length + 2), 0x08, 0x00, .. inner];
        Assert.Equal(BlockSyncKind.Status, ReactorCodec.DecodeBlockSync(canonical).Kind);
        AssertError(MessageError.NonCanonical, () => ReactorCodec.DecodeBlockSync(padded));
    }

    [Fact]
    public void Two_kinds_in_one_oneof_are_refused()
    {
        // ping then pong: protobuf keeps the last, the re-encoding is shorter.
        AssertError(MessageError.NonCanonical, () => ReactorCodec.DecodeControl([.. ReactorCodec.EncodePing(1), .. ReactorCodec.EncodePong(2)]));
        AssertError(MessageError.NonCanonical, () => ReactorCodec.DecodePeerExchange([.. ReactorCodec.EncodeListenPort(80), .. ReactorCodec.EncodeAddressRequest()]));
    }

    [Fact]
    public void A_wrong_wire_type_is_malformed_or_non_canonical()
    {
        // Control.ping as a varint instead of fixed64.
        var error = Assert.Throws<MessageException>(() => ReactorCodec.DecodeControl([0x08, 0x01])).Error;
        Assert.True(error is MessageError.Malformed or MessageError.NonCanonical or MessageError.InvalidField, error.ToString());
    }

    [Theory]
    [InlineData("control")]
    [InlineData("tx")]
    [InlineData("block")]
    [InlineData("sync")]
    [InlineData("pex")]
    [InlineData("consensus")]
    public void Garbage_is_malformed(string decoder)
    {
        AssertError(MessageError.Malformed, () => Decode(decoder, [0xFF, 0xFF, 0xFF]));
        AssertError(MessageError.Malformed, () => Decode(decoder, [0x0A, 0x7F, 0x01])); // length beyond the end
        AssertError(MessageError.Malformed, () => Decode(decoder, [0x00])); // field 0
    }

    private static void Decode(string decoder, byte[] data)
    {
        _ = decoder switch
        {
            "control" => ReactorCodec.DecodeControl(data),
            "tx" => ReactorCodec.DecodeTxGossip(data),
            "block" => (object)ReactorCodec.DecodeBlockGossip(data),
            "sync" => ReactorCodec.DecodeBlockSync(data),
            "pex" => ReactorCodec.DecodePeerExchange(data),
            "consensus" => ReactorCodec.DecodeConsensus(data),
            _ => throw new ArgumentOutOfRangeException(nameof(decoder), decoder, null),
        };
    }

    private static PeerExchangeMessage DecodeOneAddress(string host, uint port, byte[] key)
    {
        var list = new PeerAddressList();
        list.Entries.Add(new PeerAddressEntry { Host = "10.0.0.2", Port = 1, NodeKey = ByteString.Empty });
        list.Entries.Add(new PeerAddressEntry { Host = host, Port = port, NodeKey = ByteString.CopyFrom(key) });
        return ReactorCodec.DecodePeerExchange(new PeerExchange { Addresses = list }.ToByteArray());
    }

    private static void AssertError(MessageError expected, Action decode)
    {
        var ex = Assert.Throws<MessageException>(decode);
        Assert.True(expected == ex.Error, $"expected {expected}, got {ex.Error}: {ex.Message}");
    }
}
