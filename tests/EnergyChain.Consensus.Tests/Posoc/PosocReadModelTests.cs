using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Posoc;

namespace EnergyChain.Consensus.Tests.Posoc;

public sealed class PosocReadModelTests
{
    [Fact]
    public void The_model_route_takes_weights_true_or_false_and_refuses_anything_else()
    {
        var chain = new PosocChain();
        var reads = new PosocReadModel(chain.Engine, chain.Chain, new global::EnergyChain.Consensus.Posoc.V2v.V2vReadModel(chain.Engine, chain.Chain));
        Assert.Equal(200, reads.Model(EngineQuery.Empty).Status);
        Assert.Equal(200, reads.Model(Query("weights", "true")).Status);
        Assert.Equal(200, reads.Model(Query("weights", "False")).Status);

        var refused = reads.Model(Query("weights", "maybe"));
        Assert.Equal(400, refused.Status);
        Assert.Equal("BadRequest", refused.ErrorCode);
        Assert.Contains("maybe", refused.ErrorMessage, StringComparison.Ordinal);
    }

    private static EngineQuery Query(string name, string value) => new(new Dictionary<string, string>(StringComparer.Ordinal) { [name] = value });
}
