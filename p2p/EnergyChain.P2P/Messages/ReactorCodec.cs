using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Messages.Proto;
using Google.Protobuf;

namespace EnergyChain.P2P.Messages;

/// <summary>
/// Encoders and strict decoders for the reactor messages in <c>p2p.proto</c>, with the same rules as
/// <see cref="MessageCodec"/>: only the canonical encoding is accepted, list lengths and field sizes are bounded,
/// and only <see cref="MessageException"/> escapes a decoder.
/// </summary>
public static class ReactorCodec
{
    /// <summary>Most hashes in one announce or request.</summary>
    public const int MaxHashesPerMessage = 4096;

    /// <summary>Most transactions in one bodies message.</summary>
    public const int MaxBodiesPerMessage = 4096;

    /// <summary>Most blocks one range request may ask for.</summary>
    public const int MaxBlocksPerRange = 256;

    /// <summary>Most addresses in one peer-exchange answer.</summary>
    public const int MaxAddressesPerMessage = 64;

    /// <summary>Most consensus categories (engines define their own below this).</summary>
    public const uint MaxConsensusCategory = 255;

    private const int MaxHostLength = 253;

    private static readonly MessageParser<Control> ControlParser = Control.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<TxGossip> TxGossipParser = TxGossip.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<BlockGossip> BlockGossipParser = BlockGossip.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<BlockSync> BlockSyncParser = BlockSync.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<PeerExchange> PeerExchangeParser = PeerExchange.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<ConsensusMessage> ConsensusParser = ConsensusMessage.Parser.WithDiscardUnknownFields(true);

    public static byte[] EncodePing(ulong nonce) => new Control { Ping = nonce }.ToByteArray();

    public static byte[] EncodePong(ulong nonce) => new Control { Pong = nonce }.ToByteArray();

    /// <summary>Decodes a non-empty control payload (an empty one is a keep-alive and never reaches here).</summary>
    public static ControlMessage DecodeControl(ReadOnlySpan<byte> data)
    {
        var control = MessageCodec.Parse(ControlParser, data, "Control");
        return control.KindCase switch
        {
            Control.KindOneofCase.Ping => new ControlMessage(true, control.Ping),
            Control.KindOneofCase.Pong => new ControlMessage(false, control.Pong),
            _ => throw new MessageException(MessageError.InvalidField, "Control: no ping or pong"),
        };
    }

    public static byte[] EncodeTxAnnounce(IEnumerable<Hash256> hashes) => new TxGossip { Announce = ToHashes(hashes) }.ToByteArray();

    public static byte[] EncodeTxRequest(IEnumerable<Hash256> hashes) => new TxGossip { Request = ToHashes(hashes) }.ToByteArray();

    public static byte[] EncodeTxBodies(IEnumerable<ReadOnlyMemory<byte>> transactions)
    {
        var bodies = new TxBodies();
        foreach (var tx in transactions)
        {
            bodies.Transactions.Add(ByteString.CopyFrom(tx.Span));
        }

        return new TxGossip { Bodies = bodies }.ToByteArray();
    }

    public static TxGossipMessage DecodeTxGossip(ReadOnlySpan<byte> data)
    {
        var message = MessageCodec.Parse(TxGossipParser, data, "TxGossip");
        switch (message.KindCase)
        {
            case TxGossip.KindOneofCase.Announce:
                return new TxGossipMessage(TxGossipKind.Announce, FromHashes(message.Announce, "TxGossip.announce"), []);
            case TxGossip.KindOneofCase.Request:
                return new TxGossipMessage(TxGossipKind.Request, FromHashes(message.Request, "TxGossip.request"), []);
            case TxGossip.KindOneofCase.Bodies:
                var list = message.Bodies.Transactions;
                if (list.Count is 0 or > MaxBodiesPerMessage)
                {
                    throw new MessageException(MessageError.InvalidField, $"TxGossip.bodies must hold 1..{MaxBodiesPerMessage} transactions");
                }

                var bodies = new ReadOnlyMemory<byte>[list.Count];
                for (var i = 0; i < bodies.Length; i++)
                {
                    if (list[i].IsEmpty)
                    {
                        throw new MessageException(MessageError.InvalidField, "TxGossip.bodies: empty transaction");
                    }

                    bodies[i] = list[i].Memory;
                }

                return new TxGossipMessage(TxGossipKind.Bodies, [], bodies);
            default:
                throw new MessageException(MessageError.InvalidField, "TxGossip: no announce, request or bodies");
        }
    }

    public static byte[] EncodeBlockGossip(ReadOnlySpan<byte> encodedBlock) =>
        new BlockGossip { Block = ByteString.CopyFrom(encodedBlock) }.ToByteArray();

    /// <summary>Returns the block's bytes; decoding them into a block is the chain's job.</summary>
    public static ReadOnlyMemory<byte> DecodeBlockGossip(ReadOnlySpan<byte> data)
    {
        var message = MessageCodec.Parse(BlockGossipParser, data, "BlockGossip");
        if (message.Block.IsEmpty)
        {
            throw new MessageException(MessageError.InvalidField, "BlockGossip.block is empty");
        }

        return message.Block.Memory;
    }

    public static byte[] EncodeSyncStatus(ulong height, Hash256 headHash) =>
        new BlockSync { Status = new SyncStatus { Height = height, HeadHash = ByteString.CopyFrom(headHash.ToArray()) } }.ToByteArray();

    public static byte[] EncodeRangeRequest(ulong fromHeight, uint count) =>
        new BlockSync { Request = new BlockRangeRequest { FromHeight = fromHeight, Count = count } }.ToByteArray();

    public static byte[] EncodeRangeResponse(ulong fromHeight, IEnumerable<ReadOnlyMemory<byte>> blocks)
    {
        var response = new BlockRangeResponse { FromHeight = fromHeight };
        foreach (var block in blocks)
        {
            response.Blocks.Add(ByteString.CopyFrom(block.Span));
        }

        return new BlockSync { Response = response }.ToByteArray();
    }

    public static BlockSyncMessage DecodeBlockSync(ReadOnlySpan<byte> data)
    {
        var message = MessageCodec.Parse(BlockSyncParser, data, "BlockSync");
        switch (message.KindCase)
        {
            case BlockSync.KindOneofCase.Status:
                MessageCodec.RequireLength(message.Status.HeadHash, Hash256.Size, "BlockSync.status.head_hash");
                return new BlockSyncMessage(BlockSyncKind.Status, message.Status.Height, new Hash256(message.Status.HeadHash.Span), 0, []);
            case BlockSync.KindOneofCase.Request:
                var request = message.Request;
                if (request.Count is 0 or > MaxBlocksPerRange)
                {
                    throw new MessageException(MessageError.InvalidField, $"BlockSync.request.count must be 1..{MaxBlocksPerRange}");
                }

                if (request.FromHeight == 0 || request.FromHeight > ulong.MaxValue - request.Count)
                {
                    throw new MessageException(MessageError.InvalidField, "BlockSync.request.from_height is out of range");
                }

                return new BlockSyncMessage(BlockSyncKind.Request, request.FromHeight, default, request.Count, []);
            case BlockSync.KindOneofCase.Response:
                var response = message.Response;
                if (response.Blocks.Count > MaxBlocksPerRange || response.FromHeight == 0
                    || response.FromHeight > ulong.MaxValue - (ulong)response.Blocks.Count)
                {
                    throw new MessageException(MessageError.InvalidField, "BlockSync.response: too many blocks or heights out of range");
                }

                var blocks = new ReadOnlyMemory<byte>[response.Blocks.Count];
                for (var i = 0; i < blocks.Length; i++)
                {
                    if (response.Blocks[i].IsEmpty)
                    {
                        throw new MessageException(MessageError.InvalidField, "BlockSync.response: empty block");
                    }

                    blocks[i] = response.Blocks[i].Memory;
                }

                return new BlockSyncMessage(BlockSyncKind.Response, response.FromHeight, default, (uint)blocks.Length, blocks);
            default:
                throw new MessageException(MessageError.InvalidField, "BlockSync: no status, request or response");
        }
    }

    public static byte[] EncodeListenPort(int port) => new PeerExchange { ListenPort = (uint)port }.ToByteArray();

    public static byte[] EncodeAddressRequest() => new PeerExchange { Request = true }.ToByteArray();

    public static byte[] EncodeAddresses(IEnumerable<PeerAddressInfo> addresses)
    {
        var list = new PeerAddressList();
        foreach (var address in addresses)
        {
            list.Entries.Add(new PeerAddressEntry
            {
                Host = address.Host,
                Port = (uint)address.Port,
                NodeKey = address.NodeKey is null ? ByteString.Empty : ByteString.CopyFrom(address.NodeKey.Span),
            });
        }

        return new PeerExchange { Addresses = list }.ToByteArray();
    }

    public static PeerExchangeMessage DecodePeerExchange(ReadOnlySpan<byte> data)
    {
        var message = MessageCodec.Parse(PeerExchangeParser, data, "PeerExchange");
        switch (message.KindCase)
        {
            case PeerExchange.KindOneofCase.ListenPort:
                RequirePort(message.ListenPort, "PeerExchange.listen_port");
                return new PeerExchangeMessage(PeerExchangeKind.ListenPort, (int)message.ListenPort, []);
            case PeerExchange.KindOneofCase.Request:
                if (!message.Request)
                {
                    throw new MessageException(MessageError.InvalidField, "PeerExchange.request must be true");
                }

                return new PeerExchangeMessage(PeerExchangeKind.Request, 0, []);
            case PeerExchange.KindOneofCase.Addresses:
                var entries = message.Addresses.Entries;
                if (entries.Count > MaxAddressesPerMessage)
                {
                    throw new MessageException(MessageError.TooLarge, $"PeerExchange.addresses: more than {MaxAddressesPerMessage} entries");
                }

                var addresses = new PeerAddressInfo[entries.Count];
                for (var i = 0; i < addresses.Length; i++)
                {
                    addresses[i] = ToAddress(entries[i]);
                }

                return new PeerExchangeMessage(PeerExchangeKind.Addresses, 0, addresses);
            default:
                throw new MessageException(MessageError.InvalidField, "PeerExchange: no listen_port, request or addresses");
        }
    }

    public static byte[] EncodeConsensus(uint category, ReadOnlySpan<byte> payload)
    {
        if (category is 0 or > MaxConsensusCategory)
        {
            throw new ArgumentOutOfRangeException(nameof(category), category, $"categories are 1..{MaxConsensusCategory}");
        }

        return new ConsensusMessage { Category = category, Payload = ByteString.CopyFrom(payload) }.ToByteArray();
    }

    public static ConsensusEnvelope DecodeConsensus(ReadOnlySpan<byte> data)
    {
        var message = MessageCodec.Parse(ConsensusParser, data, "ConsensusMessage");
        if (message.Category is 0 or > MaxConsensusCategory)
        {
            throw new MessageException(MessageError.InvalidField, $"ConsensusMessage.category must be 1..{MaxConsensusCategory}");
        }

        return new ConsensusEnvelope(message.Category, message.Payload.Memory);
    }

    private static TxHashes ToHashes(IEnumerable<Hash256> hashes)
    {
        var list = new TxHashes();
        foreach (var hash in hashes)
        {
            list.Hashes.Add(ByteString.CopyFrom(hash.ToArray()));
        }

        return list;
    }

    private static Hash256[] FromHashes(TxHashes list, string what)
    {
        if (list.Hashes.Count is 0 or > MaxHashesPerMessage)
        {
            throw new MessageException(MessageError.InvalidField, $"{what} must hold 1..{MaxHashesPerMessage} hashes");
        }

        var hashes = new Hash256[list.Hashes.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            MessageCodec.RequireLength(list.Hashes[i], Hash256.Size, what);
            hashes[i] = new Hash256(list.Hashes[i].Span);
        }

        return hashes;
    }

    private static PeerAddressInfo ToAddress(PeerAddressEntry entry)
    {
        if (entry.Host.Length is 0 or > MaxHostLength)
        {
            throw new MessageException(MessageError.InvalidField, "PeerExchange.addresses: host must be 1..253 characters");
        }

        foreach (var c in entry.Host)
        {
            // Host names and IP literals only: nothing that could smuggle a path, space or control character.
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':'))
            {
                throw new MessageException(MessageError.InvalidField, "PeerExchange.addresses: host has an invalid character");
            }
        }

        RequirePort(entry.Port, "PeerExchange.addresses.port");
        PublicKey? key = null;
        if (!entry.NodeKey.IsEmpty)
        {
            if (!PublicKey.HasValidShape(entry.NodeKey.Span))
            {
                throw new MessageException(MessageError.InvalidField, "PeerExchange.addresses.node_key must be a 33-byte compressed key");
            }

            key = PublicKey.FromBytes(entry.NodeKey.Span);
        }

        return new PeerAddressInfo(entry.Host, (int)entry.Port, key);
    }

    private static void RequirePort(uint port, string what)
    {
        if (port is 0 or > 65535)
        {
            throw new MessageException(MessageError.InvalidField, $"{what} must be 1..65535");
        }
    }
}
