using System.Net;
using System.Net.Sockets;

namespace EnergyChain.P2P.Discovery.Mdns;

/// <summary>
/// Advertises one service instance over mDNS (RFC 6762) / DNS-SD (RFC 6763): probes its names, announces,
/// answers queries for the service PTR, the instance's SRV/TXT, the host's A/AAAA and the service
/// enumeration PTR, and says goodbye (TTL 0) when disposed.
/// </summary>
/// <remarks>
/// Simplifications, all permitted by RFC 6762: QU questions are answered by multicast (s5.4 allows it, and a
/// unicast reply to port 5353 would reach only one of the sockets sharing it on this host); a truncated query's
/// known-answer continuation is not awaited (s7.2); a conflict seen after announcing is counted in
/// <see cref="Conflicts"/> but does not restart probing (s9); simultaneous-probe tie-breaking (s8.2) is not done.
/// </remarks>
public sealed class MdnsResponder : IAsyncDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MulticastRateLimit = TimeSpan.FromSeconds(1);
    private const int MaxRenames = 16;
    private const int MaxConsecutiveSocketErrors = 100;

    // RFC 6762 s6.7: answers to legacy (non-5353) queriers carry TTLs of at most 10 s.
    private const uint LegacyUnicastTtl = 10;

    private readonly MdnsServiceInstance _requested;
    private readonly MdnsOptions _options;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<DnsRecord, long> _lastMulticast = new(ReferenceEqualityComparer.Instance);
    private MdnsRecordSet _records;
    private MdnsTransport? _transport;
    private Task? _receiveLoop;
    private Task? _announcer;
    private bool _conflictOnInstance;
    private bool _conflictOnHost;
    private bool _announced;
    private int _disposed;
    private long _malformed;
    private long _answered;
    private long _conflicts;

    public MdnsResponder(MdnsServiceInstance advertised, MdnsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(advertised);
        if (advertised.Port is < 0 or > 0xFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(advertised), "port must be 0..65535");
        }

        _requested = advertised;
        _options = options ?? new MdnsOptions();
        // Builds every record now so that bad names, TXT keys or addresses fail here rather than on the wire.
        _records = new MdnsRecordSet(advertised, _options);
    }

    /// <summary>What is advertised: after a conflict while probing, the instance or host carries a suffix.</summary>
    public MdnsServiceInstance Advertised
    {
        get
        {
            lock (_lock)
            {
                return _records.Instance(_requested);
            }
        }
    }

    /// <summary>Packets that did not decode and were ignored.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    /// <summary>Queries that got a response from us.</summary>
    public long QueriesAnswered => Interlocked.Read(ref _answered);

    /// <summary>Responses seen from others that claim our unique names with different data.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>
    /// Binds, probes (about 1 s), sends the first announcement and returns; the remaining announcements follow
    /// in the background at 1 s, 2 s, ... intervals.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_transport is not null)
        {
            throw new InvalidOperationException("already started");
        }

        _transport = MdnsTransport.Open(_options);
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stop.Token), CancellationToken.None);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        if (_options.Probe)
        {
            await ProbeAsync(linked.Token).ConfigureAwait(false);
        }

        await AnnounceAsync(linked.Token).ConfigureAwait(false);
        lock (_lock)
        {
            _announced = true;
        }

        _announcer = Task.Run(() => AnnounceRestAsync(_stop.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var task in new[] { _announcer, _receiveLoop })
        {
            if (task is not null)
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (_transport is not null)
        {
            bool announced;
            lock (_lock)
            {
                announced = _announced;
            }

            if (announced)
            {
                await SendGoodbyeAsync().ConfigureAwait(false);
            }

            _transport.Dispose();
        }

        _stop.Dispose();
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 2; ; attempt++)
        {
            lock (_lock)
            {
                _conflictOnInstance = _conflictOnHost = false;
            }

            // RFC 6762 s8.1: a random 0-250 ms wait first, then three probes 250 ms apart, then 250 ms of quiet.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < 3 && !HasConflict(); i++)
            {
                await SendAsync(ProbeMessage(), null, cancellationToken).ConfigureAwait(false);
                await Task.Delay(ProbeInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            lock (_lock)
            {
                if (!_conflictOnInstance && !_conflictOnHost)
                {
                    return;
                }

                if (attempt > MaxRenames)
                {
                    throw new InvalidOperationException($"mDNS names still conflict after {MaxRenames} renames: {_records.InstanceName}, {_records.HostName}");
                }

                var instance = _conflictOnInstance ? MdnsRecordSet.Rename(_requested.InstanceName, attempt, isHost: false) : _records.InstanceName.Labels[0];
                var host = _conflictOnHost ? MdnsRecordSet.Rename(MdnsRecordSet.ToHostName(_requested.HostName).Labels[0], attempt, isHost: true) : _records.HostName.Labels[0];
                _records = new MdnsRecordSet(_requested with { InstanceName = instance, HostName = host }, _options);
            }
        }
    }

    private bool HasConflict()
    {
        lock (_lock)
        {
            return _conflictOnInstance || _conflictOnHost;
        }
    }

    private DnsMessage ProbeMessage()
    {
        lock (_lock)
        {
            return new DnsMessage
            {
                Questions =
                [
                    new DnsQuestion(_records.InstanceName, DnsRecordType.Any),
                    new DnsQuestion(_records.HostName, DnsRecordType.Any),
                ],
                Authorities = [.. _records.Unique],
            };
        }
    }

    private async Task AnnounceRestAsync(CancellationToken cancellationToken)
    {
        var interval = _options.AnnouncementInterval;
        try
        {
            for (var i = 1; i < _options.Announcements; i++)
            {
                await Task.Delay(interval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                await AnnounceAsync(cancellationToken).ConfigureAwait(false);
                interval *= 2;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped, or the network went away: announcements are best effort, queries still get answers.
        }
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        DnsMessage message;
        lock (_lock)
        {
            var now = _options.TimeProvider.GetTimestamp();
            foreach (var record in _records.Answerable)
            {
                _lastMulticast[record] = now;
            }

            message = new DnsMessage
            {
                Flags = DnsMessage.ResponseFlags,
                Answers = [.. _records.Answerable],
                Additionals = [_records.InstanceNsec, _records.HostNsec],
            };
        }

        await SendAsync(message, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendGoodbyeAsync()
    {
        DnsMessage message;
        lock (_lock)
        {
            message = new DnsMessage
            {
                Flags = DnsMessage.ResponseFlags,
                Answers = [.. _records.Answerable.Select(r => r with { Ttl = 0 })],
            };
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendAsync(message, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Best effort: without the goodbye, caches expire the records after their TTL.
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
                if (!DnsMessageCodec.TryDecode(packet.Span, out var message))
                {
                    Interlocked.Increment(ref _malformed);
                    continue;
                }

                await HandleAsync(message!, from, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (++errors < MaxConsecutiveSocketErrors)
            {
                // A failed send or a transient receive error; the next packet may be fine.
            }
        }
    }

    private async Task HandleAsync(DnsMessage message, IPEndPoint from, CancellationToken cancellationToken)
    {
        // RFC 6762 s18.3 and s18.11: other opcodes and non-zero response codes are silently ignored.
        if (message.Opcode != 0 || message.ResponseCode != 0)
        {
            return;
        }

        if (message.IsResponse)
        {
            // Never answer a response; only look for someone else claiming our names.
            CheckConflicts(message);
            return;
        }

        var legacy = from.Port != _transport!.Group.Port;
        var isProbe = message.Authorities.Count > 0;
        if (isProbe && IsOwnProbe(message))
        {
            // Multicast loopback hands our own probes back to us; they claim nothing new.
            return;
        }

        var (answers, additionals) = Answer(message);
        if (answers.Count == 0)
        {
            return;
        }

        if (legacy)
        {
            // RFC 6762 s6.7: a one-shot querier gets a unicast reply that echoes its id and questions.
            var reply = new DnsMessage
            {
                Id = message.Id,
                Flags = DnsMessage.ResponseFlags,
                Questions = message.Questions,
                Answers = [.. answers.Select(Legacy)],
                Additionals = [.. additionals.Select(Legacy)],
            };
            Interlocked.Increment(ref _answered);
            await SendAsync(reply, from, cancellationToken).ConfigureAwait(false);
            return;
        }

        lock (_lock)
        {
            // RFC 6762 s6: a record is multicast at most once per second (four times for probe defence).
            var now = _options.TimeProvider.GetTimestamp();
            var limit = isProbe ? ProbeInterval : MulticastRateLimit;
            answers.RemoveAll(a => _lastMulticast.TryGetValue(a, out var at) && _options.TimeProvider.GetElapsedTime(at, now) < limit);
            foreach (var a in answers)
            {
                _lastMulticast[a] = now;
            }
        }

        if (answers.Count == 0)
        {
            return;
        }

        // RFC 6762 s6: shared answers wait 20-120 ms so that several responders do not collide; unique ones go now.
        if (!isProbe && answers.Any(a => !a.CacheFlush))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 121)), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _answered);
        await SendAsync(new DnsMessage { Flags = DnsMessage.ResponseFlags, Answers = answers, Additionals = additionals }, null, cancellationToken)
            .ConfigureAwait(false);
    }

    private static DnsRecord Legacy(DnsRecord record) => record with { CacheFlush = false, Ttl = Math.Min(record.Ttl, LegacyUnicastTtl) };

    /// <summary>Answers and additional records for a query, after known-answer suppression (RFC 6762 s7.1).</summary>
    internal (List<DnsRecord> Answers, List<DnsRecord> Additionals) Answer(DnsMessage query)
    {
        MdnsRecordSet set;
        lock (_lock)
        {
            set = _records;
        }

        var answers = new List<DnsRecord>();
        foreach (var q in query.Questions)
        {
            if (q.Class is not (DnsClass.Internet or DnsClass.Any))
            {
                continue;
            }

            var owned = false;
            foreach (var record in set.Answerable.Where(r => r.Name.Equals(q.Name)))
            {
                owned = true;
                if (q.Type == DnsRecordType.Any || q.Type == record.Type)
                {
                    answers.Add(record);
                }
            }

            // RFC 6762 s6.1: for a name we own uniquely, a type we do not have gets an NSEC saying what we do have.
            if (owned && !answers.Any(a => a.Name.Equals(q.Name)))
            {
                if (q.Name.Equals(set.InstanceName))
                {
                    answers.Add(set.InstanceNsec);
                }
                else if (q.Name.Equals(set.HostName))
                {
                    answers.Add(set.HostNsec);
                }
            }
        }

        answers = [.. answers.Distinct(ReferenceEqualityComparer.Instance).Cast<DnsRecord>().Where(a => !KnownAnswer(query, a))];

        // RFC 6763 s12 and RFC 6762 s6.2: the records a querier will ask for next ride along.
        var additionals = new List<DnsRecord>();
        foreach (var a in answers.ToList())
        {
            if (a.Type == DnsRecordType.Ptr && ((PtrData)a.Data).Target.Equals(set.InstanceName))
            {
                additionals.AddRange([set.Srv, set.Txt, .. set.Addresses, set.InstanceNsec, set.HostNsec]);
            }
            else if (a.Type == DnsRecordType.Srv)
            {
                additionals.AddRange([.. set.Addresses, set.HostNsec]);
            }
            else if (a.Type is DnsRecordType.A or DnsRecordType.Aaaa)
            {
                additionals.AddRange([.. set.Addresses, set.HostNsec]);
            }
        }

        additionals = [.. additionals.Distinct(ReferenceEqualityComparer.Instance).Cast<DnsRecord>()
            .Where(r => !answers.Contains(r) && !KnownAnswer(query, r))];
        return (answers, additionals);
    }

    // RFC 6762 s7.1: the querier already holds this record with at least half its TTL left.
    private static bool KnownAnswer(DnsMessage query, DnsRecord record) =>
        query.Answers.Any(k => k.Ttl >= record.Ttl / 2 && k.SameRecord(record));

    private bool IsOwnProbe(DnsMessage probe)
    {
        lock (_lock)
        {
            return probe.Authorities.All(a => _records.Answerable.Any(r => r.SameRecord(a)));
        }
    }

    private void CheckConflicts(DnsMessage response)
    {
        lock (_lock)
        {
            foreach (var record in response.Answers.Concat(response.Additionals))
            {
                if (record.Ttl == 0 || record.Type is not (DnsRecordType.Srv or DnsRecordType.Txt or DnsRecordType.A or DnsRecordType.Aaaa))
                {
                    continue;
                }

                var onInstance = record.Name.Equals(_records.InstanceName);
                var onHost = record.Name.Equals(_records.HostName);
                if ((onInstance || onHost) && !_records.Answerable.Any(r => r.SameRecord(record)))
                {
                    _conflictOnInstance |= onInstance;
                    _conflictOnHost |= onHost;
                    Interlocked.Increment(ref _conflicts);
                }
            }
        }
    }

    private async Task SendAsync(DnsMessage message, IPEndPoint? destination, CancellationToken cancellationToken) =>
        await _transport!.SendAsync(DnsMessageCodec.Encode(message), destination ?? _transport.Group, cancellationToken).ConfigureAwait(false);
}
