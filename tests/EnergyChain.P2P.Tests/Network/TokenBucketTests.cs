using EnergyChain.P2P.Network;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Network;

public sealed class TokenBucketTests
{
    [Fact]
    public void Allows_the_burst_then_the_rate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(new RateLimit(10, 5), time);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(bucket.TryTake());
        }

        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(bucket.TryTake());
        }

        Assert.False(bucket.TryTake());
    }
}
