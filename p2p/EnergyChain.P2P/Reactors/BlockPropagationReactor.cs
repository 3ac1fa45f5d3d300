using System.Collections.Concurrent;
using EnergyChain.Core.Blocks;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ThreadingChannels = System.Threading.Channels;

namespace EnergyChain.P2P.Reactors;

/// <summary>
/// Block propagation: every block this node commits (produced here or received) is pushed whole to each peer
/// that is not known to have it and is not ahead of it; a received block is validated and committed through the
/// chain port, and so relayed on. A block from further ahead tells block sync that the peer has that height.
/// Whole blocks rather than announce-and-fetch: one round trip less per hop, and the bodies are mostly
/// transactions the peers verified already (the signature cache makes re-checking them cheap).
/// </summary>
public sealed partial class BlockPropagationReactor : Reactor
{
    private readonly IChainPort _chain;
    private readonly BlockSyncReactor? _sync;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<Peer, BoundedHashSet> _known = new();
    private readonly ThreadingChannels.Channel<Block> _committed = ThreadingChannels.Channel.CreateBounded<Block>(new ThreadingChannels.BoundedChannelOptions(256)
    {
        SingleReader = true,
        FullMode = ThreadingChannels.BoundedChannelFullMode.DropOldest,
    });

    private Task _loop = Task.CompletedTask;

    public BlockPropagationReactor(IChainPort chain, BlockSyncReactor? sync = null, ILogger<BlockPropagationReactor>? log = null)
    {
        _chain = chain;
        _sync = sync;
        _log = (ILogger?)log ?? NullLogger.Instance;
    }

    public override ChannelId Channel => ChannelId.BlockPropagation;

    public override RateLimit MessageRate => new(100, 500);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _chain.BlockCommitted += OnCommitted;
        _loop = Task.Run(() => PropagateAsync(cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    public override async Task StopAsync()
    {
        _chain.BlockCommitted -= OnCommitted;
        _committed.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    public override void AddPeer(Peer peer) => _known[peer] = new BoundedHashSet(1024);

    public override void RemovePeer(Peer peer) => _known.TryRemove(peer, out _);

    public override ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var bytes = ReactorCodec.DecodeBlockGossip(payload.Span);
        var block = ChainPort.TryDecode(bytes.Span, out var error);
        if (block is null)
        {
            LogInvalidBlock(peer.ToString(), error);
            Report(peer, Misbehaviour.InvalidBlock);
            return ValueTask.CompletedTask;
        }

        _known.GetValueOrDefault(peer)?.Add(block.Hash);
        _sync?.NotePeerHeight(peer, block.Height);
        var import = _chain.Import(block);
        switch (import.Outcome)
        {
            case BlockImportOutcome.Invalid:
                LogInvalidBlock(peer.ToString(), $"block {block.Height} {block.Hash}: {import.Reason}");
                Report(peer, Misbehaviour.InvalidBlock);
                break;
            case BlockImportOutcome.Failed:
                LogImportFailed(block.Height, import.Reason);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void OnCommitted(Block block) => _committed.Writer.TryWrite(block);

    private async Task PropagateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var block in _committed.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_sync is not null && _sync.BestPeerHeight > block.Height + 1)
                {
                    // Catching up: the peers that are ahead have this block; pushing history would only load them.
                    continue;
                }

                byte[]? message = null;
                foreach (var (peer, known) in _known)
                {
                    if ((_sync is null || _sync.HeightOf(peer) < block.Height) && known.Add(block.Hash))
                    {
                        message ??= ReactorCodec.EncodeBlockGossip(block.Encode());
                        await peer.SendAsync(Channel, message).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer} sent an invalid block: {Reason}")]
    private partial void LogInvalidBlock(string peer, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing block {Height} from a peer failed: {Reason}")]
    private partial void LogImportFailed(ulong height, string reason);
}
