using EnergyChain.Rpc.V1;

namespace EnergyChain.Node.Grpc;

/// <summary>
/// An engine's market as SubscribeMarket reads it: the GET route that shows one slot or hour (<see cref="Path"/>,
/// named by <see cref="Parameter"/>), the field holding its state ("open" before it cleared, "settled" after), the
/// heights of the blocks that clear and settle it, and the event kinds those two are.
/// </summary>
internal sealed record MarketFeed(
    string Path,
    string Parameter,
    string StateField,
    string ClearHeightField,
    string SettleHeightField,
    MarketEventKind ClearedKind,
    MarketEventKind SettledKind)
{
    public const string Open = "open";
    public const string Settled = "settled";
}
