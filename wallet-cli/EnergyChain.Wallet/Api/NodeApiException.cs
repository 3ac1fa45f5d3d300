namespace EnergyChain.Wallet.Api;

/// <summary>
/// The node answered with an error, <c>{"error":{"code","message"}}</c>; shown as <c>code: message</c>. For a
/// refused transaction the code is the <c>TxError</c> name (InsufficientBalance, NonceTooLow, ...).
/// </summary>
internal sealed class NodeApiException(int statusCode, string code, string detail)
    : WalletException($"{code}: {detail}")
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public string Detail { get; } = detail;
}
