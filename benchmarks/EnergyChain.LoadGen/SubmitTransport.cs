namespace EnergyChain.LoadGen;

/// <summary>How the load generator hands transactions to a node.</summary>
internal enum SubmitTransport
{
    /// <summary>One <c>POST /v1/tx</c> per transaction (hex in JSON), as a script or a browser would.</summary>
    Http,

    /// <summary>gRPC <c>SubmitStream</c>: raw transaction bytes over long-lived client streams, as an aggregator would.</summary>
    Grpc,
}
