using EnergyChain.Consensus.Engine;

namespace EnergyChain.Consensus.Tests.Pos;

public sealed class PosParametersTests
{
    [Fact]
    public void Defaults_apply_to_an_empty_object_and_a_timeout_can_be_set()
    {
        Assert.Equal(3000UL, PosParameters.Parse("{}").ProposeTimeoutMs);
        Assert.Equal(750UL, PosParameters.Parse("""{"proposeTimeoutMs": 750}""").ProposeTimeoutMs);
    }

    [Theory]
    [InlineData("""{"proposeTimeoutMs": 0}""", "proposeTimeoutMs")]
    [InlineData("""{"proposeTimeoutMs": true}""", "proposeTimeoutMs")]
    [InlineData("""{"proposeTimeoutMs": 3600001}""", "proposeTimeoutMs")]
    [InlineData("""{"slotMs": 1000}""", "slotMs")]
    [InlineData("""{"slashPpm": 100000}""", "slashPpm")]
    [InlineData("""{"unbondingBlocks": 10}""", "unbondingBlocks")]
    [InlineData("""{"finalityThresholdPpm": 500000}""", "finalityThresholdPpm")]
    public void A_bad_or_misplaced_field_is_an_error_that_names_it(string json, string field)
    {
        var error = Assert.Throws<EngineParameterException>(() => PosParameters.Parse(json));
        Assert.Equal(field, error.Field);
    }
}
