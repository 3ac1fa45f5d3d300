using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Poeg;

namespace EnergyChain.Consensus.Tests.Poeg;

public sealed class PoegReadModelTests
{
    [Fact]
    public void Coalitions_answer_not_found_before_the_first_settlement_and_bad_request_for_a_bad_slot()
    {
        var chain = new PoegChain();
        var reads = new PoegReadModel(chain.Engine, chain.Chain, new MarketReadModel(chain.Engine, chain.Chain));
        var none = reads.Coalitions(EngineQuery.Empty);
        Assert.Equal(404, none.Status);
        Assert.Contains("no market slot has settled yet", none.ErrorMessage, StringComparison.Ordinal);

        var bad = reads.Coalitions(new EngineQuery(new Dictionary<string, string>(StringComparer.Ordinal) { ["slot"] = "x" }));
        Assert.Equal(400, bad.Status);
        Assert.Equal("BadRequest", bad.ErrorCode);
        Assert.NotNull(reads.Status());
    }
}
