using System.Security.Cryptography;
using EnergyChain.Consensus.Federated;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Tests.Federated;

public sealed class AggregationSpecAndModelHashTests
{
    [Theory]
    [InlineData("fedavg", AggregationRule.FedAvg, 0)]
    [InlineData("fedavg-capped", AggregationRule.CappedFedAvg, 0)]
    [InlineData("median", AggregationRule.Median, 0)]
    [InlineData("trimmed-mean:0", AggregationRule.TrimmedMean, 0)]
    [InlineData("trimmed-mean:2", AggregationRule.TrimmedMean, 2)]
    [InlineData("trimmed-mean:1000000", AggregationRule.TrimmedMean, 1_000_000)]
    public void Genesis_names_parse_and_print_back(string name, AggregationRule rule, int trim)
    {
        var spec = AggregationSpec.Parse(name);
        Assert.Equal(rule, spec.Rule);
        Assert.Equal(trim, spec.TrimPerSide);
        Assert.Equal(name, spec.ToString());
    }

    [Theory]
    [InlineData("FedAvg", "unknown aggregation rule")]
    [InlineData("mean", "unknown aggregation rule")]
    [InlineData("FedAvg-Capped", "unknown aggregation rule")]
    [InlineData("fedavg-capped:1", "unknown aggregation rule")]
    [InlineData("", "unknown aggregation rule")]
    [InlineData("trimmed-mean", "unknown aggregation rule")]
    [InlineData("trimmed-mean:", "whole number")]
    [InlineData("trimmed-mean:-1", "whole number")]
    [InlineData("trimmed-mean:+1", "whole number")]
    [InlineData("trimmed-mean:01", "leading zeros")]
    [InlineData("trimmed-mean: 1", "whole number")]
    [InlineData("trimmed-mean:1000001", "whole number")]
    [InlineData("trimmed-mean:99999999999", "whole number")]
    public void Bad_names_are_refused_with_what_is_accepted(string name, string problem)
    {
        var e = Assert.Throws<FormatException>(() => AggregationSpec.Parse(name));
        Assert.Contains(problem, e.Message);
        Assert.False(AggregationSpec.TryParse(name, out _, out var error));
        Assert.Equal(e.Message, error);
        Assert.Throws<FormatException>(() => AggregationSpec.Parse(null));
    }

    [Fact]
    public void Model_hash_is_tagged_sha256_over_the_canonical_weights()
    {
        // "EnergyChain/model/v1" || u32 2 || i32 1 || i32 -2, big-endian.
        byte[] expectedInput = [.. "EnergyChain/model/v1"u8, 0, 0, 0, 2, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFE];
        Assert.Equal(new Hash256(SHA256.HashData(expectedInput)), ModelHash.Compute([1, -2]));

        Assert.Equal(ModelHash.Compute([1, -2]), ModelHash.Compute(new int[] { 1, -2 }));
        Assert.NotEqual(ModelHash.Compute([1, -2]), ModelHash.Compute([1, -3]));
        Assert.NotEqual(ModelHash.Compute([]), ModelHash.Compute([0]));

        // Large models go through the incremental path of the tagged hash; same definition.
        var big = Enumerable.Range(0, 10_000).ToArray();
        var bytes = EnergyChain.Core.Transactions.ModelUpdatePayload.EncodeWeights(big);
        Assert.Equal(new Hash256(SHA256.HashData([.. "EnergyChain/model/v1"u8, .. bytes])), ModelHash.Compute(big));
    }
}
