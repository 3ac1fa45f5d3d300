using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Mempool;
using Microsoft.Extensions.Logging;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// What the node hands an engine's running part: the chain it extends (with its genesis and store), the mempool it
/// builds blocks from, the member key it signs with, the clock, logging, and the operator's settings.
/// </summary>
public sealed record EngineNodeContext(Blockchain Chain, TxPool Pool, PrivateKey Key, TimeProvider Time, ILoggerFactory Loggers)
{
    /// <summary>Time between blocks the operator asked for (<c>blockIntervalMs</c>).</summary>
    public TimeSpan BlockInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether a designated producer commits blocks without transactions (<c>produceEmptyBlocks</c>).</summary>
    public bool ProduceEmptyBlocks { get; init; }

    /// <summary>Where the engine keeps its own files (the BFT replica's double-sign guard).</summary>
    public string DataDirectory { get; init; } = ".";

    /// <summary>Reports how long building and committing one of this node's own blocks took (for the metrics).</summary>
    public Action<TimeSpan> ObserveBlockApply { get; init; } = _ => { };
}
