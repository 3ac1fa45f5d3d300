using System.Net;
using System.Net.Sockets;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>
/// Finds instances of the service type (<see cref="MdnsOptions.ServiceType"/>): sends PTR queries with
/// known-answer lists at 1 s, 2 s, 4 s ... (capped), caches the PTR, SRV, TXT and address records of that
/// service from every response it hears (announcements included), asks for whatever an instance still lacks,
/// and raises <see cref="Discovered"/> once an instance's SRV, TXT and an address are known, and again when any
/// of them changes. Records of other service types are not cached.
/// </summary>
public sealed class MdnsBrowser : IAsyncDisposable
{
    private static readonly TimeSpan GoodbyeGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ResolveQueryInterval = TimeSpan.FromSeconds(1);
    private const int MaxConsecutiveSocketErrors = 100;

    private readonly MdnsOptions _options;
    private readonly DnsName _serviceName;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    // Keyed by name, type and canonical RDATA, so refreshing a record is one lookup however big the cache is.
    private readonly Dictionary<string, CacheEntry> _cache = [];
    private readonly Dictionary<DnsName, MdnsServiceInstance> _reported = [];
    private readonly Dictionary<DnsName, DateTimeOffset> _lastResolve = [];
    private MdnsTransport? _transport;
    private Task? _receiveLoop;
    private Task? _queryLoop;
    private int _disposed;
    private long _malformed;
    private long _handlerFailures;

    public MdnsBrowser(MdnsOptions? options = null)
    {
        _options = options ?? new MdnsOptions();
        _serviceName = _options.ServiceName;
    }

    /// <summary>Raised on the receive loop, once per new or changed instance. Handlers should return quickly.</summary>
    public event Action<MdnsServiceInstance>? Discovered;

    /// <summary>Raised with the instance name when its PTR record is withdrawn (goodbye) or expires.</summary>
    public event Action<string>? Removed;

    /// <summary>Packets that did not decode and were ignored.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    /// <summary>Exceptions thrown by <see cref="Discovered"/> or <see cref="Removed"/> handlers (caught and counted).</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>The instances currently known and complete.</summary>
    public IReadOnlyList<MdnsServiceInstance> Instances
    {
        get
        {
            lock (_lock)
            {
                return [.. _reported.Values];
            }
        }
    }

    /// <summary>Browses for <paramref name="duration"/> and returns the latest view of every instance found.</summary>
    public static async Task<IReadOnlyList<MdnsServiceInstance>> BrowseAsync(
        TimeSpan duration, MdnsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, MdnsServiceInstance>(StringComparer.OrdinalIgnoreCase);
        var browser = new MdnsBrowser(options);
        await using (browser.ConfigureAwait(false))
        {
            browser.Discovered += i =>
            {
                lock (found)
                {
                    found[i.InstanceName] = i;
                }
            };
            browser.Removed += name =>
            {
                lock (found)
                {
                    found.Remove(name);
                }
            };
            await browser.StartAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(duration, browser._options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        lock (found)
        {
            return [.. found.Values];
        }
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_transport is not null)
        {
            throw new InvalidOperationException("already started");
        }

        _transport = MdnsTransport.Open(_options);
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stop.Token), CancellationToken.None);
        _queryLoop = Task.Run(() => QueryLoopAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var task in new[] { _queryLoop, _receiveLoop })
        {
            if (task is not null)
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        _transport?.Dispose();
        _stop.Dispose();
    }

    internal int CachedRecords
    {
        get
        {
            lock (_lock)
            {
                return _cache.Count;
            }
        }
    }

    /// <summary>Feeds one decoded message as if it had arrived from <paramref name="from"/>; for tests and replay.</summary>
    internal void Process(DnsMessage message, IPEndPoint from)
    {
        // RFC 6762 s11 and s18: only well-formed standard responses from the mDNS port count.
        if (!message.IsResponse || message.Opcode != 0 || message.ResponseCode != 0 || from.Port != _options.GroupEndPoint.Port)
        {
            return;
        }

        var now = _options.TimeProvider.GetUtcNow();
        List<MdnsServiceInstance> discovered;
        List<string> removed;
        lock (_lock)
        {
            var records = message.Answers.Concat(message.Additionals).Where(r => r.Class == DnsClass.Internet).ToList();
            var relevant = records.Where(r => r.Type switch
            {
                DnsRecordType.Ptr => r.Name.Equals(_serviceName) && ((PtrData)r.Data).Target.IsChildOf(_serviceName),
                DnsRecordType.Srv or DnsRecordType.Txt => r.Name.IsChildOf(_serviceName),
                _ => false,
            }).ToList();
            // Addresses only of hosts that one of our instances points at, so other traffic does not fill the cache.
            var targets = _cache.Values.Select(e => e.Record).Concat(relevant)
                .Where(r => r.Type == DnsRecordType.Srv).Select(r => ((SrvData)r.Data).Target).ToHashSet();
            relevant.AddRange(records.Where(r => r.Type is DnsRecordType.A or DnsRecordType.Aaaa && targets.Contains(r.Name)));

            var keyed = relevant.Select(r => (Key: CacheKey(r), Record: r)).ToList();
            var incoming = keyed.Select(k => k.Key).ToHashSet();

            // RFC 6762 s10.2: cache-flush replaces what was cached for that name and type more than 1 s ago.
            var flushed = relevant.Where(r => r.CacheFlush && r.Ttl > 0).Select(r => (r.Name, r.Type)).ToHashSet();
            if (flushed.Count > 0)
            {
                foreach (var (key, entry) in _cache.ToList())
                {
                    if (flushed.Contains((entry.Record.Name, entry.Record.Type)) && entry.Received < now - GoodbyeGrace && !incoming.Contains(key))
                    {
                        _cache.Remove(key);
                    }
                }
            }

            foreach (var (key, record) in keyed)
            {
                // RFC 6762 s10.1: a goodbye (TTL 0) is kept for one second, then dropped.
                var expires = record.Ttl == 0 ? now + GoodbyeGrace : now + TimeSpan.FromSeconds(record.Ttl);
                if (_cache.TryGetValue(key, out var existing))
                {
                    existing.Refresh(record, now, expires);
                }
                else if (record.Ttl > 0 && _cache.Count < _options.MaxCacheRecords)
                {
                    _cache[key] = new CacheEntry(record, now, expires);
                }
            }

            (discovered, removed) = Reconcile(now);
        }

        Raise(discovered, removed);
        if (_transport is not null)
        {
            _ = ResolveMissingAsync(now);
        }
    }

    private void Raise(List<MdnsServiceInstance> discovered, List<string> removed)
    {
        // Each subscriber separately: one that throws must not starve the others or stop the receive loop.
        foreach (var name in removed)
        {
            foreach (var handler in Removed?.GetInvocationList().Cast<Action<string>>() ?? [])
            {
                Invoke(() => handler(name));
            }
        }

        foreach (var instance in discovered)
        {
            foreach (var handler in Discovered?.GetInvocationList().Cast<Action<MdnsServiceInstance>>() ?? [])
            {
                Invoke(() => handler(instance));
            }
        }
    }

    private void Invoke(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _handlerFailures);
        }
    }

    /// <summary>Drops expired records and works out which instances appeared, changed or went away.</summary>
    private (List<MdnsServiceInstance> Discovered, List<string> Removed) Reconcile(DateTimeOffset now)
    {
        foreach (var (key, _) in _cache.Where(p => p.Value.Expires <= now).ToList())
        {
            _cache.Remove(key);
        }

        var live = Live();
        var discovered = new List<MdnsServiceInstance>();
        var instances = live.Instances.ToHashSet();
        foreach (var name in live.Instances)
        {
            var instance = live.Build(name);
            if (instance is not null && (!_reported.TryGetValue(name, out var previous) || !previous.SameAs(instance)))
            {
                _reported[name] = instance;
                discovered.Add(instance);
            }
        }

        var removed = new List<string>();
        foreach (var name in _reported.Keys.Where(n => !instances.Contains(n)).ToList())
        {
            _reported.Remove(name);
            removed.Add(name.Labels[0]);
        }

        return (discovered, removed);
    }

    private static string CacheKey(DnsRecord record) =>
        $"{(int)record.Type}|{record.Name.ToString().ToUpperInvariant()}|{Convert.ToHexString(record.Data.CanonicalBytes())}";

    private LiveRecords Live()
    {
        // Newest first: within the one second a cache-flush spares, an instance's fresh SRV/TXT wins over the old.
        var records = _cache.Values.Where(e => !e.Goodbye).OrderByDescending(e => e.Received).Select(e => e.Record).ToList();
        var srv = new Dictionary<DnsName, SrvData>();
        var txt = new Dictionary<DnsName, TxtData>();
        foreach (var r in records)
        {
            if (r.Data is SrvData s)
            {
                srv.TryAdd(r.Name, s);
            }
            else if (r.Data is TxtData t)
            {
                txt.TryAdd(r.Name, t);
            }
        }

        return new LiveRecords(
            [.. records.Where(r => r.Type == DnsRecordType.Ptr).Select(r => ((PtrData)r.Data).Target).Distinct()],
            srv,
            txt,
            records.Where(r => r.Data is AddressData).ToLookup(r => r.Name, r => ((AddressData)r.Data).Address));
    }

    /// <summary>Asks for the SRV, TXT or address an instance still lacks, at most once a second per instance.</summary>
    private async Task ResolveMissingAsync(DateTimeOffset now)
    {
        var questions = new List<DnsQuestion>();
        lock (_lock)
        {
            var live = Live();
            foreach (var name in live.Instances)
            {
                if (_reported.ContainsKey(name) || (_lastResolve.TryGetValue(name, out var at) && now - at < ResolveQueryInterval))
                {
                    continue;
                }

                _lastResolve[name] = now;
                if (!live.Srv.TryGetValue(name, out var srv))
                {
                    questions.Add(new DnsQuestion(name, DnsRecordType.Srv));
                }
                else
                {
                    questions.Add(new DnsQuestion(srv.Target, DnsRecordType.A));
                }

                if (!live.Txt.ContainsKey(name))
                {
                    questions.Add(new DnsQuestion(name, DnsRecordType.Txt));
                }
            }

            foreach (var stale in _lastResolve.Keys.Where(k => _reported.ContainsKey(k) || !live.Instances.Contains(k)).ToList())
            {
                _lastResolve.Remove(stale);
            }
        }

        if (questions.Count > 0)
        {
            await TrySendAsync(new DnsMessage { Questions = questions }, _stop.Token).ConfigureAwait(false);
        }
    }

    private async Task QueryLoopAsync(CancellationToken cancellationToken)
    {
        var interval = _options.InitialQueryInterval;
        try
        {
            // RFC 6762 s5.2: the first query waits 20-120 ms so that hosts booting together do not collide.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 121)), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                DnsMessage query;
                List<MdnsServiceInstance> discovered;
                List<string> removed;
                lock (_lock)
                {
                    var now = _options.TimeProvider.GetUtcNow();
                    (discovered, removed) = Reconcile(now);
                    // RFC 6762 s7.1: list the PTRs we hold with more than half their TTL left, so responders skip them.
                    var known = _cache.Values
                        .Where(e => !e.Goodbye && e.Record.Type == DnsRecordType.Ptr && e.Remaining(now) * 2 > TimeSpan.FromSeconds(e.Record.Ttl))
                        .Select(e => e.Record with { Ttl = (uint)e.Remaining(now).TotalSeconds })
                        .ToList();
                    query = new DnsMessage { Questions = [new DnsQuestion(_serviceName, DnsRecordType.Ptr)], Answers = known };
                }

                Raise(discovered, removed);
                await TrySendAsync(query, cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                interval = interval * 2 > _options.MaxQueryInterval ? _options.MaxQueryInterval : interval * 2;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task TrySendAsync(DnsMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _transport!.SendAsync(DnsMessageCodec.Encode(message), _transport.Group, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Queries are retried by the loop; a stopped browser sends nothing more.
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var errors = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var (packet, from) = await _transport!.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                errors = 0;
                if (DnsMessageCodec.TryDecode(packet.Span, out var message))
                {
                    Process(message!, from);
                }
                else
                {
                    Interlocked.Increment(ref _malformed);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (++errors < MaxConsecutiveSocketErrors)
            {
                // Transient; keep listening.
            }
        }
    }

    private sealed record LiveRecords(
        IReadOnlyList<DnsName> Instances,
        Dictionary<DnsName, SrvData> Srv,
        Dictionary<DnsName, TxtData> Txt,
        ILookup<DnsName, IPAddress> Addresses)
    {
        /// <summary>The instance once its SRV, TXT and at least one address of the SRV target are known.</summary>
        public MdnsServiceInstance? Build(DnsName name)
        {
            if (!Srv.TryGetValue(name, out var srv) || !Txt.TryGetValue(name, out var txt))
            {
                return null;
            }

            var addresses = Addresses[srv.Target]
                .Distinct()
                .OrderBy(a => a.AddressFamily)
                .ThenBy(a => Convert.ToHexString(a.GetAddressBytes()), StringComparer.Ordinal)
                .ToList();
            return addresses.Count == 0 ? null : new MdnsServiceInstance(name.Labels[0], srv.Target.ToString(), srv.Port, addresses, txt.ToDictionary());
        }
    }

    private sealed class CacheEntry(DnsRecord record, DateTimeOffset received, DateTimeOffset expires)
    {
        public DnsRecord Record { get; private set; } = record;

        public DateTimeOffset Received { get; private set; } = received;

        public DateTimeOffset Expires { get; private set; } = expires;

        public bool Goodbye => Record.Ttl == 0;

        public TimeSpan Remaining(DateTimeOffset now) => Expires > now ? Expires - now : TimeSpan.Zero;

        public void Refresh(DnsRecord record, DateTimeOffset received, DateTimeOffset expires)
        {
            Record = record;
            Received = received;
            Expires = expires;
        }
    }
}
