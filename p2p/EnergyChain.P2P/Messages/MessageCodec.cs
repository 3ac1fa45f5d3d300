using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Messages.Proto;
using Google.Protobuf;

namespace EnergyChain.P2P.Messages;

/// <summary>
/// Encoders and strict decoders for the protobuf messages in <c>p2p.proto</c>. Decoders accept only the
/// canonical encoding (the re-encoded size must equal the input size, which rules out unknown and repeated
/// fields and non-minimal varints) and throw only <see cref="MessageException"/>.
/// </summary>
public static class MessageCodec
{
    public const uint ProtocolVersion = 1;
    public const int NonceSize = 32;
    public const int EphemeralKeySize = 65;
    public const int SignatureSize = 64;
    public const int MaxChainIdLength = 64;

    // Unknown fields are dropped, so they make the re-encoded size smaller and fail the canonical check.
    private static readonly MessageParser<Hello> HelloParser = Hello.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<Auth> AuthParser = Auth.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<Envelope> EnvelopeParser = Envelope.Parser.WithDiscardUnknownFields(true);

    public static byte[] EncodeHello(HelloMessage hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        return new Hello
        {
            ProtocolVersion = hello.ProtocolVersion,
            ChainId = hello.ChainId,
            GenesisHash = ByteString.CopyFrom(hello.GenesisHash.ToArray()),
            NodeKey = ByteString.CopyFrom(hello.NodeKey.Span),
            EphemeralKey = ByteString.CopyFrom(hello.EphemeralKey),
            Nonce = ByteString.CopyFrom(hello.Nonce),
        }.ToByteArray();
    }

    public static HelloMessage DecodeHello(ReadOnlySpan<byte> data)
    {
        var hello = Parse(HelloParser, data, "Hello");
        if (hello.ProtocolVersion == 0)
        {
            throw new MessageException(MessageError.InvalidField, "Hello.protocol_version is missing");
        }

        if (hello.ChainId.Length is 0 or > MaxChainIdLength)
        {
            throw new MessageException(MessageError.InvalidField, $"Hello.chain_id must be 1..{MaxChainIdLength} characters");
        }

        foreach (var c in hello.ChainId)
        {
            // protobuf decodes bad UTF-8 leniently; chain ids are printable ASCII (docs/core.md).
            if (c is < (char)0x20 or > (char)0x7E)
            {
                throw new MessageException(MessageError.InvalidField, "Hello.chain_id must be printable ASCII");
            }
        }

        RequireLength(hello.GenesisHash, Hash256.Size, "Hello.genesis_hash");
        RequireLength(hello.EphemeralKey, EphemeralKeySize, "Hello.ephemeral_key");
        RequireLength(hello.Nonce, NonceSize, "Hello.nonce");
        if (hello.EphemeralKey[0] != 0x04)
        {
            throw new MessageException(MessageError.InvalidField, "Hello.ephemeral_key must be an uncompressed point (04 || X || Y)");
        }

        if (!PublicKey.HasValidShape(hello.NodeKey.Span))
        {
            throw new MessageException(MessageError.InvalidField, "Hello.node_key must be a 33-byte compressed secp256k1 key");
        }

        return new HelloMessage(
            hello.ProtocolVersion,
            hello.ChainId,
            new Hash256(hello.GenesisHash.Span),
            PublicKey.FromBytes(hello.NodeKey.Span),
            hello.EphemeralKey.ToByteArray(),
            hello.Nonce.ToByteArray());
    }

    public static byte[] EncodeAuth(ReadOnlySpan<byte> signature) =>
        new Auth { Signature = ByteString.CopyFrom(signature) }.ToByteArray();

    public static byte[] DecodeAuth(ReadOnlySpan<byte> data)
    {
        var auth = Parse(AuthParser, data, "Auth");
        RequireLength(auth.Signature, SignatureSize, "Auth.signature");
        return auth.Signature.ToByteArray();
    }

    public static byte[] EncodeEnvelope(ChannelId channel, ReadOnlyMemory<byte> payload)
    {
        if (!ChannelIds.IsKnown((uint)channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel");
        }

        // Wrapped, not copied: the envelope lives only for this call, and the payload is not changed during it.
        return new Envelope { Channel = (uint)channel, Payload = UnsafeByteOperations.UnsafeWrap(payload) }.ToByteArray();
    }

    public static EnvelopeMessage DecodeEnvelope(ReadOnlySpan<byte> data)
    {
        var envelope = Parse(EnvelopeParser, data, "Envelope");
        if (!ChannelIds.IsKnown(envelope.Channel))
        {
            throw new MessageException(MessageError.UnknownChannel, $"Envelope.channel 0x{envelope.Channel:x2} is not a known channel");
        }

        return new EnvelopeMessage((ChannelId)envelope.Channel, envelope.Payload.Memory);
    }

    internal static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> data, string what)
        where T : IMessage<T>
    {
        T message;
        try
        {
            message = parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new MessageException(MessageError.Malformed, $"{what}: {ex.Message}", ex);
        }

        if (message.CalculateSize() != data.Length)
        {
            throw new MessageException(MessageError.NonCanonical, $"{what}: not the canonical encoding (unknown, repeated or padded fields)");
        }

        return message;
    }

    internal static void RequireLength(ByteString value, int length, string what)
    {
        if (value.Length != length)
        {
            throw new MessageException(MessageError.InvalidField, $"{what} must be {length} bytes, got {value.Length}");
        }
    }
}
