using System.Globalization;

namespace EnergyChain.LoadGen;

/// <summary>Runs the same load once per transport, each on fresh nodes, and prints the figures side by side.</summary>
internal static class SideBySide
{
    public static SubmitTransport[] Transports(string option) => option switch
    {
        "http" => [SubmitTransport.Http],
        "grpc" => [SubmitTransport.Grpc],
        _ => [SubmitTransport.Http, SubmitTransport.Grpc],
    };

    public static int RunLoad(SubmitTransport[] transports, Func<SubmitTransport, LoadRun> create, TextWriter output)
    {
        var results = new List<LoadResult>();
        var exit = 0;
        foreach (var transport in transports)
        {
            output.WriteLine($"--- {Name(transport)} ---");
            var run = create(transport);
            exit = Math.Max(exit, run.RunAsync().GetAwaiter().GetResult());
            if (run.Result is { } result)
            {
                results.Add(result);
            }
        }

        if (results.Count > 1)
        {
            output.WriteLine();
            output.WriteLine("| transport | admitted/s | committed/s | node peak RSS |");
            output.WriteLine("|---|---|---|---|");
            foreach (var r in results)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Name(r.Transport)} | {r.AdmittedPerSecond:N0} | {r.CommittedPerSecond:N0} | {r.PeakRssMb:F0} MB |"));
            }
        }

        return exit;
    }

    public static int RunCluster(SubmitTransport[] transports, Func<SubmitTransport, ClusterRun> create, TextWriter output)
    {
        var results = new List<ClusterSummary>();
        var exit = 0;
        foreach (var transport in transports)
        {
            output.WriteLine($"--- {Name(transport)} ---");
            var run = create(transport);
            exit = Math.Max(exit, run.RunAsync().GetAwaiter().GetResult());
            if (run.Summary is { } summary)
            {
                results.Add(summary);
            }
        }

        if (results.Count > 1)
        {
            output.WriteLine();
            output.WriteLine("| transport | committed | transfers/s | p50 | p90 | p99 |");
            output.WriteLine("|---|---|---|---|---|---|");
            foreach (var r in results)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {Name(r.Transport)} | {r.Committed:N0} of {r.Offered:N0} | {r.TransfersPerSecond:N0} | {r.P50Ms:F0} ms | {r.P90Ms:F0} ms | {r.P99Ms:F0} ms |"));
            }
        }

        return exit;
    }

    private static string Name(SubmitTransport transport) => transport == SubmitTransport.Grpc ? "gRPC SubmitStream" : "HTTP POST /v1/tx";
}
