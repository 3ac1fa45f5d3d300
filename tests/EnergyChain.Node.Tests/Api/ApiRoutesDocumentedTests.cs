using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;
using EnergyChain.Node.Api;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EnergyChain.Node.Tests.Api;

/// <summary>
/// Every route the node maps is described in docs/api.md (in a heading or the first cell of a table row, as
/// <c>GET /v1/path</c>) and in the served openapi.json (its <c>paths</c>, with the method), and neither document
/// describes a route the node does not map. The routes come from the node's own route table, built in-process
/// without starting the server. Parameter names are not compared (<c>{height or hash}</c> matches <c>{id}</c>).
/// </summary>
public sealed partial class ApiRoutesDocumentedTests
{
    private const string ApiMd = "docs/api.md";
    private const string OpenApiJson = "node/EnergyChain.Node/Api/openapi.json";

    private static readonly string[] OpenApiMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    [GeneratedRegex(@"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/(?:[A-Za-z0-9._~\-/]|\{[^}]*\})*)")]
    private static partial Regex DocumentedRoute();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>
    /// The node's route table on a <see cref="WebApplication"/> that is built but never started, mapped the way
    /// <c>NodeRunner.RunHost</c> maps it. The one place to adapt when the node's mapping call changes.
    /// </summary>
    private static WebApplication BuildNodeApi()
    {
        var key = PrivateKey.FromSeed("api-routes-test/node");
        var genesis = GenesisLoader.Create("energychain-api-routes", 1_000, "single", [new GenesisMember("n", key.PublicKey)], []);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(_ => new NodeServices(
            new NodeHome(Path.GetTempPath()), new NodeConfig(), key, genesis, new InMemoryBlockStore(), TimeProvider.System));
        builder.Services.AddSingleton(sp => new NodeNetwork(sp.GetRequiredService<NodeServices>(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        var app = builder.Build();
        ApiServer.Map(app, app.Services.GetRequiredService<NodeServices>(), app.Services.GetRequiredService<NodeNetwork>(), new IPEndPoint(IPAddress.Loopback, 8645));
        return app;
    }

    [Fact]
    public async Task Every_mapped_route_is_documented_in_api_md_and_openapi_json_and_nothing_else_is()
    {
        var mapped = await MappedRoutes();
        var root = RepositoryRoot();
        var markdown = MarkdownRoutes(File.ReadAllLines(Path.Combine(root, ApiMd)));
        var openApi = OpenApiRoutes(File.ReadAllText(Path.Combine(root, OpenApiJson)));

        Assert.True(mapped.Count >= 10, $"only {mapped.Count} routes mapped: {string.Join(", ", mapped.Values)}");
        var problems = new List<string>();
        foreach (var (document, documented) in new[] { (ApiMd, markdown), (OpenApiJson, openApi) })
        {
            problems.AddRange(mapped.Where(r => !documented.ContainsKey(r.Key)).Select(r => $"{r.Value} is mapped but missing from {document}"));
            problems.AddRange(documented.Where(r => !mapped.ContainsKey(r.Key)).Select(r => $"{r.Value} is in {document} but the node does not map it"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_document_readers_find_routes_where_the_documents_put_them()
    {
        var markdown = MarkdownRoutes(
        [
            "intro mentions `GET /v1/ignored` outside a table",
            "| method and path | answer |",
            "| `GET /v1/block/{height or hash}` | see `GET /v1/also-ignored` |",
            "### `POST /v1/tx`",
        ]);
        Assert.Equal(["GET /v1/block/{}", "POST /v1/tx"], markdown.Keys.Order(StringComparer.Ordinal));

        var openApi = OpenApiRoutes("""{"paths":{"/v1/tx/{hash}":{"parameters":[],"get":{}},"/v1/tx":{"post":{}}}}""");
        Assert.Equal(["GET /v1/tx/{}", "POST /v1/tx"], openApi.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>(method, path) of every mapped endpoint except the fallback, keyed by <see cref="Key"/>.</summary>
    private static async Task<Dictionary<string, string>> MappedRoutes()
    {
        await using var app = BuildNodeApi();
        var routes = new Dictionary<string, string>();
        // The app's own data sources: the EndpointDataSource service only sees them once the host has started.
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            // MapFallback's catch-all answers 404 for every unmapped path; it is not a route to document.
            if (endpoint.RoutePattern.Parameters.Any(p => p.IsCatchAll))
            {
                continue;
            }

            var path = endpoint.RoutePattern.RawText ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no route text");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods
                ?? throw new InvalidOperationException($"{path} accepts every method; map it with MapGet/MapPost");
            foreach (var method in methods)
            {
                routes[Key(method, path)] = $"{method} {path}";
            }
        }

        return routes;
    }

    /// <summary>Routes named in a heading or in the first cell of a table row.</summary>
    private static Dictionary<string, string> MarkdownRoutes(IEnumerable<string> lines)
    {
        var routes = new Dictionary<string, string>();
        foreach (var line in lines)
        {
            var text = line.StartsWith('#') ? line : line.StartsWith('|') ? line.Split('|')[1] : null;
            foreach (Match match in DocumentedRoute().Matches(text ?? ""))
            {
                routes[Key(match.Groups[1].Value, match.Groups[2].Value)] = match.Value;
            }
        }

        return routes;
    }

    /// <summary>Every operation under <c>paths</c>.</summary>
    private static Dictionary<string, string> OpenApiRoutes(string json)
    {
        using var document = JsonDocument.Parse(json);
        var routes = new Dictionary<string, string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => OpenApiMethods.Contains(o.Name)))
            {
                var method = operation.Name.ToUpperInvariant();
                routes[Key(method, path.Name)] = $"{method} {path.Name}";
            }
        }

        return routes;
    }

    private static string Key(string method, string path) => $"{method.ToUpperInvariant()} {RouteParameter().Replace(path, "{}")}";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EnergyChain.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EnergyChain.sln not found above the test directory");
    }
}
