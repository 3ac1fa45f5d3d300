using System.Globalization;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// Signs and submits a transaction for send, stake, unstake and the reports: chain id from
/// <c>GET /v1/status</c>, nonce = the account's <c>nonce + pendingCount</c>, <c>POST /v1/tx</c>, and with
/// <c>--wait</c> polling until it is in a block.
/// </summary>
internal static class TxSender
{
    /// <summary>
    /// Signs with the selected key, or with the key named <paramref name="signer"/> when the transaction is not the
    /// account holder's own (a meter signs the readings of the household it measures).
    /// </summary>
    public static async Task SubmitAsync(WalletContext context, SubmitOptions options, TxPayload payload, string? signer = null)
    {
        var (entry, key) = context.Unlock(signer ?? context.KeyName);
        await SubmitAsync(context, options, payload, key, $"{entry.Address} ({entry.Name})").ConfigureAwait(false);
    }

    /// <summary>Signs with <paramref name="key"/> (a key outside the keystore, such as a node's key file) and submits.</summary>
    public static async Task SubmitAsync(WalletContext context, SubmitOptions options, TxPayload payload, PrivateKey key, string signerLabel)
    {
        ArgumentNullException.ThrowIfNull(key);
        var fee = AmountParser.Parse(context.Get(options.Fee), "--fee");
        var wait = context.Get(options.Wait);
        var timeout = ValueParsers.Seconds(context.Get(options.Timeout), "--timeout");
        var ct = context.Cancellation;

        var chainId = await ChainIdAsync(context).ConfigureAwait(false);
        var nonce = context.Get(options.Nonce) ?? await NextNonceAsync(context, key.Address.ToString()).ConfigureAwait(false);
        var tx = Transaction.Create(chainId, key, nonce, fee, payload);
        var answer = await context.Node.SubmitTransactionAsync(tx.Encoded.ToArray(), ct).ConfigureAwait(false);
        var hash = NodeViews.OptionalString(answer, "hash") ?? tx.Hash.ToString();

        JsonElement? included = wait ? await WaitAsync(context, hash, timeout).ConfigureAwait(false) : null;
        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(included ?? answer);
            return;
        }

        output.WriteFields(
            ("hash", hash),
            ("status", included is { } committed ? StatusText(committed) : NodeViews.Text(answer, "status")),
            ("type", TxDescriber.Summary(payload)),
            ("from", signerLabel),
            ("nonce", nonce.ToString(CultureInfo.InvariantCulture)),
            ("fee", Units.EcWithMicro(fee)));
    }

    /// <summary>
    /// Signs <paramref name="payload"/> with an unlocked key and submits it at the account's next nonce, without
    /// printing: for a command that sends many transactions and says itself what each was (<c>ecw ev auto</c>).
    /// Returns the transaction's hash; a refusal is a <see cref="NodeApiException"/>.
    /// </summary>
    public static async Task<string> SendAsync(WalletContext context, string chainId, string address, PrivateKey key, ulong fee, TxPayload payload)
    {
        var nonce = await NextNonceAsync(context, address).ConfigureAwait(false);
        var tx = Transaction.Create(chainId, key, nonce, fee, payload);
        var answer = await context.Node.SubmitTransactionAsync(tx.Encoded.ToArray(), context.Cancellation).ConfigureAwait(false);
        return NodeViews.OptionalString(answer, "hash") ?? tx.Hash.ToString();
    }

    /// <summary>The chain id from <c>GET /v1/status</c>, checked before anything is signed for it.</summary>
    public static async Task<string> ChainIdAsync(WalletContext context)
    {
        var status = await context.Node.GetStatusAsync(context.Cancellation).ConfigureAwait(false);
        var chainId = NodeViews.ChainId(status);
        return ChainId.IsValid(chainId, out var chainError)
            ? chainId
            : throw new WalletException($"the node reports an invalid chain id '{chainId}': {chainError}");
    }

    /// <summary>"committed at height 12 (index 0)" from a <c>GET /v1/tx</c> answer.</summary>
    public static string StatusText(JsonElement tx)
    {
        var status = NodeViews.Text(tx, "status");
        return NodeViews.OptionalUInt(tx, "height") is { } height
            ? $"{status} at height {height} (index {NodeViews.Text(tx, "index")})"
            : status;
    }

    /// <summary>Waits for inclusion; a failure while waiting still names the submitted transaction.</summary>
    private static async Task<JsonElement> WaitAsync(WalletContext context, string hash, TimeSpan timeout)
    {
        try
        {
            return await TxWaiter.WaitAsync(context, hash, timeout).ConfigureAwait(false);
        }
        catch (WalletException e) when (!e.Message.Contains(hash, StringComparison.Ordinal))
        {
            throw new WalletException($"transaction {hash} was submitted, but waiting for it failed: {e.Message}", e.ExitCode, e);
        }
    }

    public static async Task<ulong> NextNonceAsync(WalletContext context, string address)
    {
        var account = await context.Node.GetAccountAsync(address, context.Cancellation).ConfigureAwait(false);
        var nonce = NodeViews.UInt(account, "nonce", "the account");
        var pending = NodeViews.OptionalUInt(account, "pendingCount") ?? 0;
        return checked(nonce + pending);
    }
}
