using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Mempool;
using EnergyChain.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    private static void MapTransactions(WebApplication app, NodeServices node)
    {
        app.MapPost("/v1/tx", async (HttpRequest request) =>
        {
            byte[] encoded;
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                if (body.RootElement.ValueKind != JsonValueKind.Object
                    || !body.RootElement.TryGetProperty("tx", out var tx)
                    || tx.ValueKind != JsonValueKind.String)
                {
                    return Fail(StatusCodes.Status400BadRequest, "BadRequest", "expected {\"tx\":\"<hex of the signed transaction>\"}");
                }

                var hex = tx.GetString()!;
                encoded = Convert.FromHexString(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex);
            }
            catch (JsonException e)
            {
                return Fail(StatusCodes.Status400BadRequest, "BadRequest", $"request body is not valid JSON: {e.Message}");
            }
            catch (FormatException)
            {
                return Fail(StatusCodes.Status400BadRequest, "BadRequest", "tx is not a hexadecimal string");
            }

            var admission = node.Pool.Add(encoded);
            return admission.Status switch
            {
                TxAdmissionStatus.Added or TxAdmissionStatus.Replaced => Results.Json(new { hash = admission.Hash.ToString(), status = "pending" }, statusCode: StatusCodes.Status202Accepted),
                TxAdmissionStatus.AlreadyKnown => Results.Json(new { hash = admission.Hash.ToString(), status = "pending" }),
                _ => Fail(StatusCodes.Status400BadRequest, admission.Rejection!.Error.ToString(), admission.Rejection.Message),
            };
        });

        app.MapGet("/v1/tx/{hash}", (string hash) =>
        {
            if (!Hash256.TryParse(hash, out var id))
            {
                return Fail(StatusCodes.Status400BadRequest, "BadRequest", "a transaction hash is 64 hexadecimal characters");
            }

            if (node.Store.GetTxLocation(id) is { } location && node.Store.GetBlock(location.Height) is { } block)
            {
                return Results.Json(new
                {
                    hash = id.ToString(),
                    status = location.Height <= node.FinalizedHeight ? "final" : "committed",
                    height = location.Height,
                    index = location.Index,
                    tx = JsonViews.Transaction(block.Transactions[location.Index]),
                });
            }

            if (node.Pool.Get(id) is { } pending)
            {
                return Results.Json(new { hash = id.ToString(), status = "pending", tx = JsonViews.Transaction(pending) });
            }

            return Fail(StatusCodes.Status404NotFound, "NotFound", $"transaction {id} is neither pending nor committed");
        });
    }
}
