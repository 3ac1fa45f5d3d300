namespace EnergyChain.Consensus.Engine;

/// <summary>
/// What an engine route answers: a JSON body with status 200, or an error the node renders in its API's error shape
/// (<c>{"error":{"code","message"}}</c>). The engine builds plain objects; the node serializes them.
/// </summary>
public sealed record EngineResponse(int Status, object? Body, string? ErrorCode = null, string? ErrorMessage = null)
{
    public static EngineResponse Ok(object body) => new(200, body);

    public static EngineResponse BadRequest(string message) => new(400, null, "BadRequest", message);

    public static EngineResponse NotFound(string message) => new(404, null, "NotFound", message);

    /// <summary>Stored data this node cannot read back (a corrupt block): not the client's fault.</summary>
    public static EngineResponse Corrupt(string message) => new(500, null, "Corrupt", message);
}
