namespace EnergyChain.LoadGen;

/// <summary>Settings of one cluster run. <c>Concurrency</c> is HTTP requests in flight, or gRPC streams, over all nodes.</summary>
internal sealed record ClusterSettings(
    string Engine, int Nodes, int Rate, int Seconds, int Accounts, int Concurrency, int BlockIntervalMs, string? Home, int WarmupSeconds = 0,
    SubmitTransport Transport = SubmitTransport.Http);
