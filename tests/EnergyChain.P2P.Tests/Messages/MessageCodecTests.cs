using System.Security.Cryptography;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Messages.Proto;
using EnergyChain.P2P.Tests.Support;
using Google.Protobuf;

namespace EnergyChain.P2P.Tests.Messages;

public sealed class MessageCodecTests
{
    public static readonly TheoryData<ChannelId> Channels =
        [ChannelId.TxGossip, ChannelId.BlockPropagation, ChannelId.BlockSync, ChannelId.PeerExchange, ChannelId.Consensus];

    [Theory]
    [MemberData(nameof(Channels))]
    public void Envelope_round_trips(ChannelId channel)
    {
        var payload = RandomNumberGenerator.GetBytes(300);
        var decoded = MessageCodec.DecodeEnvelope(MessageCodec.EncodeEnvelope(channel, payload));
        Assert.Equal(channel, decoded.Channel);
        Assert.Equal(payload, decoded.Payload.ToArray());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x21u)]
    [InlineData(0x99u)]
    [InlineData(100_000u)]
    public void Unknown_channel_is_a_typed_error(uint channel)
    {
        var bytes = new Envelope { Channel = channel, Payload = ByteString.CopyFromUtf8("x") }.ToByteArray();
        var ex = Assert.Throws<MessageException>(() => MessageCodec.DecodeEnvelope(bytes));
        Assert.Equal(MessageError.UnknownChannel, ex.Error);
    }

    [Fact]
    public void Unknown_fields_are_refused_as_non_canonical()
    {
        var bytes = MessageCodec.EncodeEnvelope(ChannelId.TxGossip, new byte[] { 1, 2, 3 }).Concat(new byte[] { 0x18, 0x05 }).ToArray();
        var ex = Assert.Throws<MessageException>(() => MessageCodec.DecodeEnvelope(bytes));
        Assert.Equal(MessageError.NonCanonical, ex.Error);
    }

    [Fact]
    public void Hello_round_trips_and_checks_field_sizes()
    {
        var hello = SampleHello();
        var decoded = MessageCodec.DecodeHello(MessageCodec.EncodeHello(hello));
        Assert.Equal(hello.ChainId, decoded.ChainId);
        Assert.Equal(hello.GenesisHash, decoded.GenesisHash);
        Assert.Equal(hello.NodeKey, decoded.NodeKey);
        Assert.Equal(hello.EphemeralKey, decoded.EphemeralKey);
        Assert.Equal(hello.Nonce, decoded.Nonce);

        var shortNonce = MessageCodec.EncodeHello(hello with { Nonce = new byte[31] });
        Assert.Equal(MessageError.InvalidField, Assert.Throws<MessageException>(() => MessageCodec.DecodeHello(shortNonce)).Error);
    }

    [Fact]
    public void Auth_requires_a_64_byte_signature()
    {
        Assert.Equal(64, MessageCodec.DecodeAuth(MessageCodec.EncodeAuth(new byte[64])).Length);
        var ex = Assert.Throws<MessageException>(() => MessageCodec.DecodeAuth(MessageCodec.EncodeAuth(new byte[63])));
        Assert.Equal(MessageError.InvalidField, ex.Error);
    }

    [Fact]
    public void Garbage_is_malformed()
    {
        var ex = Assert.Throws<MessageException>(() => MessageCodec.DecodeEnvelope([0xFF, 0xFF, 0xFF]));
        Assert.Equal(MessageError.Malformed, ex.Error);
    }

    [Fact]
    public void Invalid_utf8_or_non_ascii_chain_ids_are_refused()
    {
        // Google.Protobuf (3.36) refuses invalid UTF-8 in a string field while parsing.
        var ex = Assert.Throws<MessageException>(() => MessageCodec.DecodeHello([0x08, 0x01, 0x12, 0x02, 0xC3, 0x28]));
        Assert.Equal(MessageError.Malformed, ex.Error);

        var nonAscii = MessageCodec.EncodeHello(SampleHello() with { ChainId = "énergie" });
        Assert.Equal(MessageError.InvalidField, Assert.Throws<MessageException>(() => MessageCodec.DecodeHello(nonAscii)).Error);
    }

    internal static HelloMessage SampleHello()
    {
        var point = new byte[65];
        point[0] = 0x04;
        RandomNumberGenerator.Fill(point.AsSpan(1));
        return new HelloMessage(1, TestNetwork.ChainId, TestNetwork.GenesisHash, TestNetwork.Alice.PublicKey, point, new byte[32]);
    }
}
