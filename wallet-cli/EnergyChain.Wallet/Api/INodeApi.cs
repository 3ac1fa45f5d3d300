using System.Text.Json;

namespace EnergyChain.Wallet.Api;

/// <summary>
/// The node calls the wallet makes, answered in the JSON shapes of docs/api.md whichever way they travel:
/// <see cref="GrpcNodeClient"/> (the default) or <see cref="NodeClient"/> (HTTP, <c>--http</c>). Failures are
/// <see cref="WalletException"/>s, a refusal by the node a <see cref="NodeApiException"/>.
/// </summary>
internal interface INodeApi
{
    Task<JsonElement> GetStatusAsync(CancellationToken ct = default);

    Task<JsonElement> GetAccountAsync(string address, CancellationToken ct = default);

    Task<JsonElement> GetTransactionAsync(string hash, CancellationToken ct = default);

    Task<JsonElement> GetConsensusAsync(CancellationToken ct = default);

    Task<JsonElement> GetModelAsync(CancellationToken ct = default);

    Task<JsonElement> GetMarketAsync(ulong slot, string address, CancellationToken ct = default);

    Task<JsonElement> GetV2vHourAsync(ulong hour, CancellationToken ct = default);

    Task<JsonElement> GetV2vTradesAsync(string address, int hours, CancellationToken ct = default);

    Task<JsonElement> GetMembersAsync(CancellationToken ct = default);

    Task<JsonElement> GetBlockAsync(string id, CancellationToken ct = default);

    Task<JsonElement> SubmitTransactionAsync(byte[] encoded, CancellationToken ct = default);
}
