namespace EnergyChain.TestKit.Cluster;

/// <summary>
/// A <see cref="TimeProvider"/> on the simulation's virtual time: timers become scheduler actions, so code written
/// against <c>TimeProvider</c> runs unchanged and deterministically inside a simulation. Timers of a crashed node
/// are silenced through <see cref="IsRunning"/>.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly SimulatedScheduler _scheduler;
    private readonly Func<bool> _isRunning;

    public SimulatedClock(SimulatedScheduler scheduler, Func<bool>? isRunning = null)
    {
        _scheduler = scheduler;
        _isRunning = isRunning ?? (() => true);
    }

    public bool IsRunning => _isRunning();

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _scheduler.Now;

    public override long GetTimestamp() => _scheduler.Now.UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new SimulatedTimer(this, _scheduler, callback, state, dueTime, period);

    private sealed class SimulatedTimer : ITimer
    {
        private readonly SimulatedClock _clock;
        private readonly SimulatedScheduler _scheduler;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private ScheduledAction? _next;
        private TimeSpan _period;

        public SimulatedTimer(SimulatedClock clock, SimulatedScheduler scheduler, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _scheduler = scheduler;
            _callback = callback;
            _state = state;
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _next?.Cancel();
            _next = null;
            _period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _next = _scheduler.Schedule(dueTime, Fire);
            }

            return true;
        }

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Fire()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                _next = _scheduler.Schedule(_period, Fire);
            }

            if (_clock.IsRunning)
            {
                _callback(_state);
            }
        }
    }
}
