using System.Collections.Concurrent;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Scoring;

namespace EnergyChain.P2P.Reactors;

/// <summary>
/// Peer exchange: on connect each side says which port it accepts connections on (the address is the one the
/// other side sees) and asks for addresses; answers list connected peers with their keys. Learned addresses go
/// into the address book, which the dialer uses to fill free outbound slots. One request per peer per interval.
/// </summary>
public sealed class PeerExchangeReactor : Reactor
{
    private readonly TimeSpan _requestInterval;
    private readonly ConcurrentDictionary<Peer, long> _lastServed = new();

    public PeerExchangeReactor(TimeSpan? requestInterval = null)
    {
        _requestInterval = requestInterval ?? TimeSpan.FromSeconds(30);
    }

    public override ChannelId Channel => ChannelId.PeerExchange;

    public override RateLimit MessageRate => new(2, 10);

    public override void AddPeer(Peer peer)
    {
        if (Network.ListenEndPoint is { } listen)
        {
            _ = peer.SendAsync(Channel, ReactorCodec.EncodeListenPort(listen.Port));
        }

        if (Network.Peers.Count < 8 || Network.Addresses.Count < 16)
        {
            _ = peer.SendAsync(Channel, ReactorCodec.EncodeAddressRequest());
        }
    }

    public override void RemovePeer(Peer peer) => _lastServed.TryRemove(peer, out _);

    public override async ValueTask ReceiveAsync(Peer peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var message = ReactorCodec.DecodePeerExchange(payload.Span);
        switch (message.Kind)
        {
            case PeerExchangeKind.ListenPort:
                peer.ListenPort = message.ListenPort;
                if (peer.ReachableAddress is { } reachable)
                {
                    Network.Addresses.Add(reachable, peer.Key, persistent: false);
                }

                break;
            case PeerExchangeKind.Request:
                var now = Network.Time.GetTimestamp();
                if (_lastServed.TryGetValue(peer, out var last) && Network.Time.GetElapsedTime(last, now) < _requestInterval)
                {
                    Report(peer, Misbehaviour.Flood);
                    return;
                }

                _lastServed[peer] = now;
                var addresses = Network.Peers
                    .Where(p => p != peer && p.ReachableAddress is not null)
                    .Select(p => new PeerAddressInfo(p.ReachableAddress!.Value.Host, p.ReachableAddress!.Value.Port, p.Key))
                    .Take(ReactorCodec.MaxAddressesPerMessage)
                    .ToList();
                await peer.SendAsync(Channel, ReactorCodec.EncodeAddresses(addresses)).ConfigureAwait(false);
                break;
            case PeerExchangeKind.Addresses:
                foreach (var address in message.Addresses)
                {
                    if (address.NodeKey is { } key && key.Equals(Network.NodeKey))
                    {
                        continue;
                    }

                    Network.Addresses.Add(new PeerAddress(address.Host, address.Port), address.NodeKey, persistent: false);
                }

                break;
        }
    }
}
