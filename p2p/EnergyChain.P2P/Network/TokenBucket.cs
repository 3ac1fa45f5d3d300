namespace EnergyChain.P2P.Network;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/> clock. Not consensus code, so doubles are fine here. Not
/// thread-safe: each connection's receive loop owns its buckets.
/// </summary>
public sealed class TokenBucket
{
    private readonly RateLimit _limit;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(RateLimit limit, TimeProvider time)
    {
        if (limit.PerSecond <= 0 || limit.Burst <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "rate and burst must be positive");
        }

        _limit = limit;
        _time = time;
        _tokens = limit.Burst;
        _last = time.GetTimestamp();
    }

    /// <summary>Takes <paramref name="cost"/> tokens if there are enough; false means over the limit.</summary>
    public bool TryTake(double cost = 1)
    {
        if (_limit.IsUnlimited)
        {
            return true;
        }

        var now = _time.GetTimestamp();
        _tokens = Math.Min(_limit.Burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _limit.PerSecond));
        _last = now;
        if (_tokens < cost)
        {
            return false;
        }

        _tokens -= cost;
        return true;
    }
}
