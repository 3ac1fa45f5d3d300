namespace EnergyChain.LoadGen;

/// <summary>
/// Settings of one cluster run. <c>Concurrency</c> is HTTP requests in flight, or gRPC streams, over all nodes.
/// <c>FinalityDepth</c>: blocks a block needs on top of it to be final (pow: its confirmations; 0 for the BFT engines,
/// whose committed blocks are final); the run follows node 0's chain that far past the last measured transfer.
/// </summary>
internal sealed record ClusterSettings(
    string Engine, int Nodes, int Rate, int Seconds, int Accounts, int Concurrency, int BlockIntervalMs, string? Home, int WarmupSeconds = 0,
    int FinalityDepth = 0, SubmitTransport Transport = SubmitTransport.Http);
