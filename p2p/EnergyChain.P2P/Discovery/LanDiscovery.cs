using System.Net;
using System.Net.Sockets;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Discovery.Mdns;
using EnergyChain.P2P.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergyChain.P2P.Discovery;

/// <summary>
/// LAN discovery for a <see cref="PeerNetwork"/>: advertises the node's P2P port as an
/// <c>_energychain._tcp.local</c> instance (TXT: chain id and node key) and feeds instances of the same chain that
/// other nodes advertise into the address book. Instances of other chains are skipped before dialing, so nodes
/// of two networks on one LAN do not keep failing handshakes with each other; the handshake still checks the key.
/// </summary>
public sealed partial class LanDiscovery : IAsyncDisposable
{
    private readonly PeerNetwork _network;
    private readonly string _chainId;
    private readonly MdnsOptions? _responderOptions;
    private readonly MdnsOptions? _browserOptions;
    private readonly ILogger _log;
    private MdnsResponder? _responder;
    private MdnsBrowser? _browser;
    private long _discovered;
    private long _seen;

    public LanDiscovery(PeerNetwork network, string chainId, MdnsOptions? responderOptions = null, MdnsOptions? browserOptions = null, ILogger<LanDiscovery>? log = null)
    {
        _network = network;
        _chainId = chainId;
        _responderOptions = responderOptions;
        _browserOptions = browserOptions ?? responderOptions;
        _log = (ILogger?)log ?? NullLogger.Instance;
    }

    /// <summary>Instances of any chain seen on the LAN so far.</summary>
    public long Seen => Interlocked.Read(ref _seen);

    /// <summary>Addresses of same-chain peers learned from the LAN so far.</summary>
    public long Discovered => Interlocked.Read(ref _discovered);

    /// <summary>Starts advertising and browsing; the network must already be listening.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var listen = _network.ListenEndPoint ?? throw new InvalidOperationException("LAN discovery needs a network that accepts connections");
        var key = _network.NodeKey.ToString();

        // A wildcard listen address is advertised as the machine's interface addresses (the responder fills them in).
        IReadOnlyList<IPAddress> addresses = listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any) ? [] : [listen.Address];
        var instance = EnergyChainService.Create($"EnergyChain {key[..12]}", $"ec-{key[..12]}", listen.Port, addresses, _chainId, key);
        try
        {
            _responder = new MdnsResponder(instance, _responderOptions);
            await _responder.StartAsync(cancellationToken).ConfigureAwait(false);
            _browser = new MdnsBrowser(_browserOptions);
            _browser.Discovered += OnDiscovered;
            await _browser.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            // No multicast here (no interface, port 5353 taken without reuse): the node works without it.
            LogUnavailable(e.Message);
            await DisposeAsync().ConfigureAwait(false);
            return;
        }

        LogAdvertising(instance.InstanceName, listen.Port);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _browser, null) is { } browser)
        {
            browser.Discovered -= OnDiscovered;
            await browser.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _responder, null) is { } responder)
        {
            await responder.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnDiscovered(MdnsServiceInstance instance)
    {
        Interlocked.Increment(ref _seen);
        if (!instance.Txt.TryGetValue(EnergyChainService.ChainKey, out var chain) || chain != _chainId
            || !instance.Txt.TryGetValue(EnergyChainService.PublicKeyKey, out var keyHex))
        {
            return;
        }

        PublicKey key;
        try
        {
            key = PublicKey.Parse(keyHex);
        }
        catch (FormatException)
        {
            return;
        }

        if (key.Equals(_network.NodeKey) || instance.Port is < 1 or > 65535)
        {
            return;
        }

        foreach (var address in instance.Addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork))
        {
            if (_network.Addresses.Add(new PeerAddress(address.ToString(), instance.Port), key, persistent: false))
            {
                Interlocked.Increment(ref _discovered);
                LogDiscovered(instance.InstanceName, address.ToString(), instance.Port);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "mDNS: advertising {Instance} on port {Port}")]
    private partial void LogAdvertising(string instance, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "mDNS: found {Instance} at {Address}:{Port}")]
    private partial void LogDiscovered(string instance, string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mDNS discovery unavailable: {Reason}")]
    private partial void LogUnavailable(string reason);
}
