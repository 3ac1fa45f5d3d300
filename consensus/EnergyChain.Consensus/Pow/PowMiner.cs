using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using Microsoft.Extensions.Logging;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// The PoW miner of a genesis member: builds a block on the head from the mempool, searches a nonce, and imports
/// the sealed block through <see cref="PowChain.Import"/>, the same path as a peer's block, so propagation
/// announces it once it is committed. The search is abandoned as soon as the head moves (a peer's block won the
/// race) and the template is rebuilt every <see cref="TemplateLifetime"/> to pick up new transactions. Empty blocks
/// are mined too: the chain's work keeps growing, which is what makes earlier blocks final.
/// </summary>
public sealed partial class PowMiner
{
    /// <summary>A template older than this is rebuilt (new transactions, a fresh timestamp).</summary>
    public static readonly TimeSpan TemplateLifetime = TimeSpan.FromSeconds(5);

    /// <summary>Hashrate sampling window (also what <c>/v1/consensus</c> reports).</summary>
    public static readonly TimeSpan HashrateWindow = TimeSpan.FromSeconds(2);

    /// <summary>How often the hashrate is logged.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly PowChain _pow;
    private readonly EngineNodeContext _node;
    private readonly ILogger<PowMiner> _log;
    private PowSealer? _sealer;
    private volatile bool _member;
    private long _hashesPerSecond;
    private long _blocksMined;

    public PowMiner(PowChain pow, EngineNodeContext node)
    {
        _pow = pow;
        _node = node;
        _log = node.Loggers.CreateLogger<PowMiner>();
    }

    /// <summary>Whether this node mines: a member of the set that governs the next block.</summary>
    public bool IsMining => _sealer is not null && _member;

    /// <summary>Hashes per second over the last <see cref="HashrateWindow"/>.</summary>
    public long HashesPerSecond => Interlocked.Read(ref _hashesPerSecond);

    public long HashesComputed => _sealer?.HashesComputed ?? 0;

    public long BlocksMined => Interlocked.Read(ref _blocksMined);

    public int Threads => _sealer?.Threads ?? 0;

    /// <summary>
    /// Mines until <paramref name="stoppingToken"/> is cancelled, while this node is a member of the set that governs
    /// the next block (read from the head's state): a node that is not (yet, or any more) a member only follows.
    /// </summary>
    public async Task RunAsync(IEngineNetwork network, CancellationToken stoppingToken)
    {
        var pow = _pow;
        _sealer = pow.Engine.CreatePowSealer(_node.Key);
        var meter = Task.Run(() => MeasureAsync(stoppingToken), CancellationToken.None);
        try
        {
            var waiting = false;
            bool? wasMember = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                var members = pow.OnHead(c => MembershipState.MembersAt(c, c.Head.Height + 1)).Result;
                _member = members.Any(m => m.NodeKey.Equals(_node.Key.PublicKey));
                if (_member != wasMember)
                {
                    if (_member)
                    {
                        LogMining(_sealer.Threads, PowTarget.ToHex(pow.NextTarget));
                    }
                    else
                    {
                        LogNotMember();
                    }

                    wasMember = _member;
                }

                if (!_member)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _node.Time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                // Alone, a member of a multi-member chain would mine a private branch; once that is deeper than the
                // confirmations it could never reorganize back onto the network's chain.
                if (members.Count > 1 && network.PeerCount == 0)
                {
                    if (!waiting)
                    {
                        LogWaitingForPeers();
                        waiting = true;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), _node.Time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                waiting = false;
                await MineOnceAsync(pow, _sealer, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await meter.ConfigureAwait(false);
    }

    /// <summary>Mines one template; returns when a block was imported, the head moved, the template aged or on shutdown.</summary>
    private async Task MineOnceAsync(PowChain pow, PowSealer sealer, CancellationToken stoppingToken)
    {
        var chain = _node.Chain;
        var parameters = chain.Executor.Parameters;
        BuiltBlock built;
        BlockHeader parent;
        try
        {
            (built, parent) = pow.OnHead(c => c.Executor.BuildBlock(
                c, _node.Pool.SelectForBlock(parameters.MaxBlockTransactions, parameters.MaxBlockBytes), _node.Key, _node.Time.GetUtcNow().ToUnixTimeMilliseconds()));
        }
        catch (InvalidOperationException e)
        {
            LogTemplateFailed(e.Message);
            await Task.Delay(TimeSpan.FromSeconds(1), _node.Time, stoppingToken).ConfigureAwait(false);
            return;
        }

        using var aged = new CancellationTokenSource(TemplateLifetime, _node.Time);
        using var search = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, aged.Token);
        void Cancel()
        {
            try
            {
                search.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        void OnCommitted(Block block, BlockApplyResult result) => Cancel();
        void OnReorganized(ChainReorganization reorganization) => Cancel();
        chain.BlockCommitted += OnCommitted;
        chain.Reorganized += OnReorganized;
        try
        {
            if (chain.Head.Hash != parent.Hash)
            {
                return; // the head moved between building and subscribing
            }

            BlockHeader sealedHeader;
            try
            {
                sealedHeader = await sealer.SealAsync(built.Block.Header, new SealContext(parent, pow), search.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var block = new Block(sealedHeader, built.Block.Transactions);
            var result = pow.Import(block);
            if (result.Status == PowImportStatus.Committed)
            {
                Interlocked.Increment(ref _blocksMined);
                LogMined(block.Height, block.Transactions.Count, block.Hash.ToString());
            }
            else
            {
                LogOwnBlockNotCommitted(block.Height, result.ToString());
            }
        }
        finally
        {
            chain.BlockCommitted -= OnCommitted;
            chain.Reorganized -= OnReorganized;
        }
    }

    private async Task MeasureAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(HashrateWindow, _node.Time);
        var last = HashesComputed;
        var lastAt = _node.Time.GetTimestamp();
        var lastLog = lastAt;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = _node.Time.GetTimestamp();
                var hashes = HashesComputed;
                var elapsedTicks = now - lastAt;
                if (elapsedTicks > 0)
                {
                    // Integer hashes/s: elapsed is in TimeProvider ticks, so scale by its frequency.
                    Interlocked.Exchange(ref _hashesPerSecond, (long)((Int128)(hashes - last) * _node.Time.TimestampFrequency / elapsedTicks));
                }

                last = hashes;
                lastAt = now;
                if (_node.Time.GetElapsedTime(lastLog) >= LogInterval)
                {
                    lastLog = now;
                    var head = _node.Chain.Head;
                    LogHashrate(HashesPerSecond, Threads, head.Height, BlocksMined);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PoW: not a member, following without mining")]
    private partial void LogNotMember();

    [LoggerMessage(Level = LogLevel.Information, Message = "PoW: no peers; mining pauses until one connects")]
    private partial void LogWaitingForPeers();

    [LoggerMessage(Level = LogLevel.Information, Message = "PoW: mining with {Threads} thread(s), next target {Target}")]
    private partial void LogMining(int threads, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "PoW: mined block {Height} with {Txs} txs {Hash}")]
    private partial void LogMined(ulong height, int txs, string hash);

    // Information, not a warning: losing a race to a competing block (a stale block) is normal under PoW.
    [LoggerMessage(Level = LogLevel.Information, Message = "PoW: own block {Height} not committed: {Reason}")]
    private partial void LogOwnBlockNotCommitted(ulong height, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "PoW: cannot build a block template: {Reason}")]
    private partial void LogTemplateFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PoW: hashrate {Rate} H/s on {Threads} thread(s); head {Height}; {Mined} blocks mined here")]
    private partial void LogHashrate(long rate, int threads, ulong height, long mined);
}
