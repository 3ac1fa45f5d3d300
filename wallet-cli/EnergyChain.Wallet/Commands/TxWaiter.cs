using System.Globalization;
using System.Text.Json;
using EnergyChain.Wallet.Api;

namespace EnergyChain.Wallet.Commands;

/// <summary>Polls <c>GET /v1/tx/{hash}</c> until the transaction is committed or final.</summary>
internal static class TxWaiter
{
    public static async Task<JsonElement> WaitAsync(WalletContext context, string hash, TimeSpan timeout)
    {
        var time = context.Environment.Time;
        var started = time.GetTimestamp();
        while (true)
        {
            var answer = await context.Node.GetTransactionAsync(hash, context.Cancellation).ConfigureAwait(false);
            var status = NodeViews.String(answer, "status", "the transaction status");
            if (IsInBlock(status))
            {
                return answer;
            }

            if (time.GetElapsedTime(started) >= timeout)
            {
                throw new WalletException(
                    $"transaction {hash} is still {status} after {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s; "
                    + $"check later with 'ecw tx status {hash}'");
            }

            await Task.Delay(context.Environment.PollInterval, time, context.Cancellation).ConfigureAwait(false);
        }
    }

    public static bool IsInBlock(string status) => status is "committed" or "final";
}
