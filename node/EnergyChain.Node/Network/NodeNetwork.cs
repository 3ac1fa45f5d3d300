using System.Net;
using EnergyChain.Consensus.Engine;
using EnergyChain.Node.Hosting;
using EnergyChain.P2P.Discovery;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Peers;
using EnergyChain.P2P.Reactors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnergyChain.Node.Network;

/// <summary>
/// The node's P2P side: a <see cref="PeerNetwork"/> with the member handshake from chain state (<see cref="ChainMembership"/>) and every reactor
/// wired to the node's mempool and chain. Where the engine's blocks spread by gossip (<see cref="IEngineNode.BlockExchange"/>),
/// blocks from peers go through the engine's port to the same <c>Blockchain.TryAppend</c> as local ones; the engine
/// gets the consensus channel (<see cref="IEngineNetwork"/>) for everything else it sends.
/// </summary>
public sealed partial class NodeNetwork : IHostedService, IAsyncDisposable, IEngineNetwork
{
    private readonly NodeServices _node;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<NodeNetwork> _log;
    private PeerNetwork? _network;
    private LanDiscovery? _lan;

    public NodeNetwork(NodeServices node, ILoggerFactory loggers)
    {
        _node = node;
        _loggers = loggers;
        _log = loggers.CreateLogger<NodeNetwork>();
        var config = node.Config;
        var listen = config.P2p.Length > 0 ? config.P2p : node.Genesis.Members.Count > 1 ? NodeConfig.DefaultP2p : null;
        ListenAddress = listen is null ? null : PeerAddress.Parse(listen);
        BootstrapPeers = config.Peers.Select(PeerAddress.Parse).ToList();
    }

    /// <summary>Where this node accepts peers, or null when it does not listen.</summary>
    public PeerAddress? ListenAddress { get; }

    public IReadOnlyList<PeerAddress> BootstrapPeers { get; }

    public bool IsEnabled => ListenAddress is not null || BootstrapPeers.Count > 0;

    public IReadOnlyList<Peer> Peers => _network?.Peers ?? [];

    public PeerNetwork? Network => _network;

    public BlockSyncReactor? Sync { get; private set; }

    public ConsensusReactor? Consensus { get; private set; }

    public int PeerCount => Peers.Count;

    public void Handle(uint category, EngineMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var consensus = Consensus ?? throw new InvalidOperationException("the P2P network has not started");
        consensus.Handle(category, (peer, payload, _) =>
        {
            // A refused message is the sender's fault: the reactor scores the peer and disconnects it.
            if (!handler(peer, payload.Span))
            {
                throw new MessageException(MessageError.InvalidField, $"invalid consensus message (category {category})");
            }

            return ValueTask.CompletedTask;
        });
    }

    public void Broadcast(uint category, ReadOnlySpan<byte> payload) => Consensus?.Broadcast(category, payload);

    public void Send(object peer, uint category, ReadOnlySpan<byte> payload)
    {
        if (peer is Peer connected && Consensus is { } consensus)
        {
            _ = consensus.SendAsync(connected, category, payload);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        var genesis = _node.Genesis;
        var options = new PeerNetworkOptions
        {
            Handshake = new HandshakeOptions
            {
                NodeKey = _node.Key,
                ChainId = genesis.ChainId,
                GenesisHash = genesis.Hash,
                Membership = new ChainMembership(_node.Chain),
            },
            Connection = new PeerConnectionOptions
            {
                // A block must fit one frame (sync sends at least one per answer), with room for the envelope.
                MaxFrameSize = Math.Max(FrameCodec.DefaultMaxFrameSize, genesis.Parameters.MaxBlockBytes + (1024 * 1024)),
            },
            Listen = ListenAddress is { } listen ? ToEndPoint(listen) : null,
            BootstrapPeers = BootstrapPeers,
            MaxInbound = _node.Config.MaxInboundPeers,
            MaxOutbound = _node.Config.MaxOutboundPeers,
            TimeProvider = _node.Time,
        };

        var network = new PeerNetwork(options, _loggers.CreateLogger<PeerNetwork>());
        Consensus = new ConsensusReactor();
        // Announces collected over 20 ms rather than 5: under load that is a quarter of the announce, request and
        // bodies messages (each a syscall, a seal and a dispatch on every link), for 15 ms more gossip delay
        // next to block periods of hundreds of milliseconds.
        network.AddReactor(new TxGossipReactor(new TxPoolPort(_node.Pool), new TxGossipOptions { AnnounceInterval = TimeSpan.FromMilliseconds(20) }));
        network.AddReactor(new PeerExchangeReactor());
        network.AddReactor(Consensus);
        if (_node.EngineNode.BlockExchange is { } chain)
        {
            // Blocks that carry their own proof (a designated producer's signature, a proof of work) spread by
            // gossip and sync through the engine's port. Under a voting engine a block is committed only with its
            // certificate, which the replica fetches on the consensus channel, so there is no port.
            Sync = new BlockSyncReactor(chain, log: _loggers.CreateLogger<BlockSyncReactor>());
            network.AddReactor(Sync);
            network.AddReactor(new BlockPropagationReactor(chain, Sync, _loggers.CreateLogger<BlockPropagationReactor>()));
        }

        try
        {
            await network.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw new NodeSetupException($"cannot accept peers on {ListenAddress}: {e.Message}", e);
        }

        _network = network;

        // The handshake reads the set at connect time; links of a member that left or was evicted close at the
        // block that makes it take effect (and an applicant's when its request is rejected).
        _node.Chain.BlockCommitted += OnBlockCommitted;
        LogStarted(network.ListenEndPoint?.ToString() ?? "(not listening)", BootstrapPeers.Count, genesis.Members.Count);
        if (_node.Config.Mdns)
        {
            if (network.ListenEndPoint is null)
            {
                LogMdnsNeedsListener();
            }
            else
            {
                _lan = new LanDiscovery(network, genesis.ChainId, log: _loggers.CreateLogger<LanDiscovery>());
                await _lan.StartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _node.Chain.BlockCommitted -= OnBlockCommitted;
        if (Interlocked.Exchange(ref _lan, null) is { } lan)
        {
            await lan.DisposeAsync().ConfigureAwait(false);
        }

        var network = Interlocked.Exchange(ref _network, null);
        if (network is not null)
        {
            await network.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnBlockCommitted(Core.Blocks.Block block, Core.Execution.BlockApplyResult result) => _network?.DisconnectNonMembers();

    private static IPEndPoint ToEndPoint(PeerAddress address)
    {
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, address.Port);
        }

        return IPAddress.TryParse(address.Host, out var ip)
            ? new IPEndPoint(ip, address.Port)
            : throw new NodeSetupException($"p2p: listen on an IP address (e.g. 0.0.0.0:{address.Port}), not the host name '{address.Host}'");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "mDNS is on but the node accepts no connections (no p2p address): nothing to advertise")]
    private partial void LogMdnsNeedsListener();

    [LoggerMessage(Level = LogLevel.Information, Message = "P2P on {Listen}, {Bootstrap} bootstrap peers, {Members} members")]
    private partial void LogStarted(string listen, int bootstrap, int members);
}
