using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
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
        // The hot path of every client: the body is read once and scanned with Utf8JsonReader (no document, no
        // async parser state), and the answer is written from a template rather than serialized by reflection.
        app.MapPost("/v1/tx", async (HttpRequest request) =>
        {
            var body = await ReadBodyAsync(request).ConfigureAwait(false);
            if (!TryParseTx(body, out var encoded, out var refusal))
            {
                return refusal;
            }

            var admission = node.Pool.Add(encoded);
            return admission.Status switch
            {
                TxAdmissionStatus.Added or TxAdmissionStatus.Replaced => Pending(admission.Hash, StatusCodes.Status202Accepted),
                TxAdmissionStatus.AlreadyKnown => Pending(admission.Hash, StatusCodes.Status200OK),
                _ => Fail(StatusCodes.Status400BadRequest, admission.Rejection!.Error.ToString(), admission.Rejection.Message),
            };
        });

        app.MapGet("/v1/tx/{hash}", (string hash) =>
        {
            if (!Hash256.TryParse(hash, out var id))
            {
                return Fail(StatusCodes.Status400BadRequest, "BadRequest", "a transaction hash is 64 hexadecimal characters");
            }

            // The two reads are not one snapshot: a reorganization in between can put another block at that height.
            if (node.Store.GetTxLocation(id) is { } location && node.Store.GetBlock(location.Height) is { } block
                && location.Index < block.Transactions.Count && block.Transactions[location.Index].Hash == id)
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

    private static IResult Pending(Hash256 hash, int status) =>
        Results.Text($"{{\"hash\":\"{hash}\",\"status\":\"pending\"}}", "application/json", Encoding.UTF8, status);

    /// <summary>The whole request body (Kestrel enforces <see cref="MaxRequestBodyBytes"/> while it is read).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (read.IsCompleted || read.IsCanceled)
            {
                var bytes = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>
    /// Reads <c>{"tx":"&lt;hex&gt;"}</c> the way a parsed document would: the whole body must be valid JSON, the
    /// root an object whose (last) "tx" member is a string of hexadecimal digits, optionally with a 0x prefix.
    /// Otherwise <paramref name="refusal"/> is the 400 answer.
    /// </summary>
    internal static bool TryParseTx(ReadOnlySpan<byte> json, out byte[] encoded, [NotNullWhen(false)] out IResult? refusal)
    {
        encoded = [];
        refusal = null;
        string? hex = null;
        var rootIsObject = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            var txNext = false;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.StartObject)
                {
                    rootIsObject = true;
                }
                else if (txNext)
                {
                    txNext = false;
                    hex = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("tx"u8))
                {
                    txNext = true;
                }
            }
        }
        catch (JsonException e)
        {
            refusal = Fail(StatusCodes.Status400BadRequest, "BadRequest", $"request body is not valid JSON: {e.Message}");
            return false;
        }

        if (!rootIsObject || hex is null)
        {
            refusal = Fail(StatusCodes.Status400BadRequest, "BadRequest", "expected {\"tx\":\"<hex of the signed transaction>\"}");
            return false;
        }

        try
        {
            encoded = Convert.FromHexString(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex.AsSpan(2) : hex);
            return true;
        }
        catch (FormatException)
        {
            refusal = Fail(StatusCodes.Status400BadRequest, "BadRequest", "tx is not a hexadecimal string");
            return false;
        }
    }
}
