using System.Diagnostics;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Storage;
using Microsoft.Extensions.Logging;

namespace EnergyChain.Consensus.Single;

/// <summary>
/// The <c>single</c> engine's producer: every <c>blockIntervalMs</c> the designated member takes the mempool's best transactions,
/// builds a block, and commits it through <c>Blockchain.TryAppend</c> like any other block. Empty blocks are
/// skipped unless <c>produceEmptyBlocks</c> is set. On shutdown the block being committed is finished first:
/// cancellation is only checked between blocks.
/// </summary>
public sealed partial class SingleNodeProducer
{
    private readonly DesignatedProducer _producer;
    private readonly EngineNodeContext _node;
    private readonly ILogger<SingleNodeProducer> _log;

    public SingleNodeProducer(DesignatedProducer producer, EngineNodeContext node)
    {
        _producer = producer;
        _node = node;
        _log = node.Loggers.CreateLogger<SingleNodeProducer>();
    }

    /// <summary>True when this node is the designated producer.</summary>
    public bool IsProducer => _producer.IsProducer(_node.Key.PublicKey);

    /// <summary>Produces every block interval until <paramref name="stoppingToken"/>; a follower returns at once.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!IsProducer)
        {
            LogNotProducing(_producer.Producer.Name);
            return;
        }

        LogProducing(_node.BlockInterval.TotalMilliseconds, _node.ProduceEmptyBlocks);
        using var timer = new PeriodicTimer(_node.BlockInterval, _node.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                ProduceOnce();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Builds and commits one block from the mempool; returns its height, or null when skipped.</summary>
    public ulong? ProduceOnce()
    {
        var parameters = _node.Chain.Executor.Parameters;
        var candidates = _node.Pool.SelectForBlock(parameters.MaxBlockTransactions, parameters.MaxBlockBytes);
        if (candidates.Count == 0 && !_node.ProduceEmptyBlocks)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        var built = _node.Chain.Executor.BuildBlock(_node.Chain, candidates, _node.Key, _node.Time.GetUtcNow().ToUnixTimeMilliseconds());
        if (built.Block.Transactions.Count == 0 && !_node.ProduceEmptyBlocks)
        {
            return null;
        }

        BlockApplyResult result;
        try
        {
            result = _node.Chain.TryAppend(built.Block);
        }
        catch (StoreException e)
        {
            // Nothing was committed (the store rolls the transaction back); the transactions stay in the
            // mempool and the next tick tries again, e.g. once disk space is freed.
            LogCommitFailed(built.Block.Height, e.Message);
            return null;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (!result.IsValid)
        {
            LogOwnBlockRefused(built.Block.Height, result.ToString());
            return null;
        }

        _node.ObserveBlockApply(elapsed);
        LogCommitted(built.Block.Height, built.Block.Transactions.Count, built.Block.Hash.ToString(), elapsed.TotalMilliseconds);
        return built.Block.Height;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Following: blocks are produced by {Producer}")]
    private partial void LogNotProducing(string producer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Designated producer: producing every {IntervalMs} ms (empty blocks: {Empty})")]
    private partial void LogProducing(double intervalMs, bool empty);

    [LoggerMessage(Level = LogLevel.Error, Message = "Own block {Height} refused: {Reason}")]
    private partial void LogOwnBlockRefused(ulong height, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing block {Height} failed, will retry: {Reason}")]
    private partial void LogCommitFailed(ulong height, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed block {Height} with {Txs} txs {Hash} in {Ms:F1} ms")]
    private partial void LogCommitted(ulong height, int txs, string hash, double ms);
}
