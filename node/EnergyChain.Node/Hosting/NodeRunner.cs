using System.Net;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;
using EnergyChain.Node.Api;
using EnergyChain.Node.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// <c>energychain-node run</c>: lock the home, open the chain, serve the API and produce blocks until
/// SIGINT/SIGTERM. The generic host stops the producer first (it finishes the block in progress), then the
/// P2P network, then the API, then disposes <see cref="NodeServices"/>, which closes the store.
/// </summary>
public static class NodeRunner
{
    public static int Run(NodeHome home, RunOverrides overrides)
    {
        if (!home.IsInitialized)
        {
            Console.Error.WriteLine($"error: {home.Root} is not initialized; run: energychain-node init --home {home.Root}");
            return 1;
        }

        HomeLock homeLock;
        NodeConfig config;
        try
        {
            config = overrides.ApplyTo(NodeConfig.Load(home.ConfigPath));
            homeLock = HomeLock.Acquire(home);
        }
        catch (NodeSetupException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        using (homeLock)
        {
            using var logger = CreateLogger(home, config);
            try
            {
                return RunHost(home, config, logger);
            }
            catch (Exception e) when (e is NodeSetupException or GenesisException or StoreException or IOException or CryptoBackendException)
            {
                logger.Fatal("{Message}", e.Message);
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }
    }

    private static int RunHost(NodeHome home, NodeConfig config, Serilog.Core.Logger logger)
    {
        // First, so a bad ENERGYCHAIN_CRYPTO stops the node before it loads its key with some other backend.
        LogCryptoBackend(logger);
        var key = home.LoadKey();
        var genesis = GenesisLoader.LoadFile(home.GenesisPath);
        Directory.CreateDirectory(home.DataDirectory);
        ApiEndpoint.TryParse(config.Api, out var endpoint, out _);
        IPEndPoint? grpcEndpoint = config.Grpc != NodeConfig.GrpcOff && ApiEndpoint.TryParse(config.Grpc, out var grpc, out _) ? grpc : null;

        // No config reload: it would watch the home directory recursively, and the store's WAL files there change
        // on every block, so a watcher thread spent ~3 % of the CPU under load handling their events.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = home.Root,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger);
        builder.WebHost.ConfigureKestrel(options =>
        {
            ApiServer.ConfigureKestrel(options, endpoint);
            if (grpcEndpoint is not null)
            {
                GrpcServer.ConfigureKestrel(options, grpcEndpoint);
            }
        });
        if (grpcEndpoint is not null)
        {
            GrpcServer.AddServices(builder.Services, new GrpcEndpointOptions(grpcEndpoint, config.ApiToken, $"http://{endpoint}"));
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new NodeServices(
            home, config, key, genesis, BlockStores.Open(config.StoreKind, home.StorePath(config.StoreKind), NodeEngines.StoreOptions(genesis.Engine)), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<Network.NodeNetwork>();

        // Started in this order and stopped in reverse: the engine stops (finishing its block) before the network.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Network.NodeNetwork>());
        builder.Services.AddHostedService<EngineService>();

        ulong height;
        using (var app = builder.Build())
        {
            var node = app.Services.GetRequiredService<NodeServices>();
            ApiServer.Map(app, node, app.Services.GetRequiredService<Network.NodeNetwork>(), endpoint, grpcEndpoint?.Port);
            if (grpcEndpoint is not null)
            {
                GrpcServer.Map(app);
            }

            logger.Information(
                "Node {Address} on chain {ChainId} ({Engine}) at height {Height}, state root {StateRoot}; API on http://{Api}, gRPC on {Grpc}",
                key.Address.ToString(), genesis.ChainId, genesis.Engine, node.Chain.Head.Height, node.Chain.StateRoot.ToString(), endpoint.ToString(),
                grpcEndpoint?.ToString() ?? NodeConfig.GrpcOff);
            logger.Information("Block store: {Store} at {Path}", BlockStores.Name(config.StoreKind), home.StorePath(config.StoreKind));
            app.Run();
            height = node.Chain.Head.Height;
        }

        // Only now, after the container disposed NodeServices, is the store closed.
        logger.Information("Stopped cleanly at height {Height}; store closed", height);
        return 0;
    }

    private static void LogCryptoBackend(Serilog.ILogger logger)
    {
        var backend = CryptoBackends.Default;
        if (backend is NativeSecp256k1)
        {
            logger.Information("crypto: {Backend} (native)", backend.Name);
            return;
        }

        // Every transaction's signature is checked, so the managed fallback lowers the throughput ceiling.
        logger.Warning(
            "crypto: {Backend} (managed fallback, verify about 5x slower than libsecp256k1): install it for full speed (Debian: apt-get install libsecp256k1-1)",
            backend.Name);
    }

    private static Serilog.Core.Logger CreateLogger(NodeHome home, NodeConfig config)
    {
        var level = Enum.Parse<LogEventLevel>(config.LogLevel, ignoreCase: true);
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(
                Path.Combine(home.LogDirectory, "node-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                fileSizeLimitBytes: 64 * 1024 * 1024,
                rollOnFileSizeLimit: true)
            .CreateLogger();
    }
}
