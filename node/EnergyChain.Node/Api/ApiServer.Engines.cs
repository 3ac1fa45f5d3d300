using EnergyChain.Consensus.Engine;
using EnergyChain.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnergyChain.Node.Api;

public static partial class ApiServer
{
    /// <summary>
    /// Mounts every registered engine's routes (GET). The running engine answers its own; under another engine a
    /// route answers 404 with the reason its module gives, so clients learn which engine serves it.
    /// </summary>
    private static void MapEngines(WebApplication app, NodeServices node)
    {
        foreach (var module in node.Engines.Modules)
        {
            foreach (var route in module.Routes)
            {
                app.MapGet(route.Path, (HttpContext context) =>
                {
                    if (module.Name != node.Engine || !node.EngineNode.Routes.TryGetValue(route.Path, out var handler))
                    {
                        return Fail(StatusCodes.Status404NotFound, "NotFound", $"the {node.Engine} engine {route.AbsentReason} (only {module.Name} does)");
                    }

                    // Path parameters ({slot}) and query parameters reach the handler alike; the path's win.
                    var values = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.Ordinal);
                    foreach (var (name, value) in context.Request.RouteValues)
                    {
                        values[name] = value?.ToString() ?? string.Empty;
                    }

                    var query = new EngineQuery(values);
                    var response = handler(query);
                    return response.ErrorCode is { } code
                        ? Fail(response.Status, code, response.ErrorMessage ?? code)
                        : Results.Json(response.Body, statusCode: response.Status);
                });
            }
        }
    }
}
