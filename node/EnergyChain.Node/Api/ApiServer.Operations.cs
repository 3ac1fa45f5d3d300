using System.Reflection;
using System.Text.Json;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    private static void MapOperations(WebApplication app, NodeServices node, NodeNetwork network)
    {
        app.MapGet("/metrics", () =>
        {
            var text = node.Metrics.Render(node.Chain.Head.Height, node.FinalizedHeight, node.Pool.Count, node.Pool.Bytes, peers: network.PeerCount);
            return Results.Text(text, "text/plain; version=0.0.4; charset=utf-8");
        });

        app.MapGet("/openapi.json", () =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("openapi.json")!;
            using var reader = new StreamReader(stream);
            return Results.Text(reader.ReadToEnd(), "application/json");
        });

        // Server-sent events: one "block" event per committed block, plus a comment every 15 s to keep proxies open.
        app.MapGet("/v1/events", async (HttpContext context) =>
        {
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var reader = node.Events.Subscribe(out var unsubscribe);
            try
            {
                await context.Response.WriteAsync(": energychain block stream\n\n", context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    using var keepAlive = new CancellationTokenSource(TimeSpan.FromSeconds(15), node.Time);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, keepAlive.Token);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                        {
                            break; // node shutting down
                        }
                    }
                    catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                    {
                        await context.Response.WriteAsync(": keep-alive\n\n", context.RequestAborted).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                        continue;
                    }

                    while (reader.TryRead(out var evt))
                    {
                        var data = JsonSerializer.Serialize(evt, JsonSerializerOptions.Web);
                        await context.Response.WriteAsync($"event: block\ndata: {data}\n\n", context.RequestAborted).ConfigureAwait(false);
                    }

                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                unsubscribe();
            }
        });
    }
}
