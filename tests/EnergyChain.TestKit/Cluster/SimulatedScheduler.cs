namespace EnergyChain.TestKit.Cluster;

/// <summary>
/// The event loop of a simulation: actions ordered by (virtual time, insertion number), run one at a time on
/// the caller's thread. Nothing else runs concurrently, so a seed and the same inputs replay exactly.
/// </summary>
public sealed class SimulatedScheduler
{
    private readonly PriorityQueue<ScheduledAction, (long Ticks, long Sequence)> _queue = new();
    private long _sequence;

    public SimulatedScheduler(DateTimeOffset start)
    {
        Now = start;
    }

    public DateTimeOffset Now { get; private set; }

    public int Pending => _queue.Count;

    /// <summary>Actions run so far (a cheap fingerprint of a run).</summary>
    public long Executed { get; private set; }

    public ScheduledAction Schedule(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var due = Now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        var scheduled = new ScheduledAction(action, due);
        _queue.Enqueue(scheduled, (due.UtcTicks, _sequence++));
        return scheduled;
    }

    /// <summary>Runs the next action that is not cancelled; false when nothing is left.</summary>
    public bool Step()
    {
        while (_queue.TryDequeue(out var next, out _))
        {
            if (next.IsCancelled)
            {
                continue;
            }

            Now = next.Due;
            Executed++;
            next.Run();
            return true;
        }

        return false;
    }

    /// <summary>Runs actions until <paramref name="until"/> holds (true) or virtual time passes <paramref name="limit"/> (false).</summary>
    public bool RunUntil(Func<bool> until, TimeSpan limit)
    {
        var end = Now + limit;
        while (!until())
        {
            if (!_queue.TryPeek(out var next, out _) || next.Due > end)
            {
                Now = end;
                return until();
            }

            Step();
        }

        return true;
    }

    /// <summary>Runs everything due within <paramref name="duration"/> of virtual time.</summary>
    public void RunFor(TimeSpan duration) => RunUntil(() => false, duration);
}
