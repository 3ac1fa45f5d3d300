namespace EnergyChain.NeoPeer.Tests;

public class PercentilesTests
{
    private static readonly double[] Hundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

    [Theory]
    [InlineData(50, 50)]
    [InlineData(90, 90)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(0.5, 1)]
    [InlineData(99.5, 100)]
    public void Nearest_rank_of_one_to_a_hundred(double percent, double expected) =>
        Assert.Equal(expected, Percentiles.NearestRank(Hundred, percent));

    [Fact]
    public void A_few_values_round_the_rank_up()
    {
        double[] sorted = [10, 20, 30, 40];
        Assert.Equal(20, Percentiles.NearestRank(sorted, 50));
        Assert.Equal(40, Percentiles.NearestRank(sorted, 90));
        Assert.Equal(40, Percentiles.NearestRank(sorted, 99));
        Assert.Equal(10, Percentiles.NearestRank([10.0], 99));
    }

    [Fact]
    public void Rejects_no_values_and_percents_outside_the_range()
    {
        Assert.Throws<ArgumentException>(() => Percentiles.NearestRank([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(Hundred, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(Hundred, 101));
    }
}
