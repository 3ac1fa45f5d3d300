namespace EnergyChain.TestKit.Cluster;

/// <summary>An action in the queue; cancelling it makes the scheduler skip it.</summary>
public sealed class ScheduledAction(Action action, DateTimeOffset due)
{
    public DateTimeOffset Due { get; } = due;

    public bool IsCancelled { get; private set; }

    public void Cancel() => IsCancelled = true;

    internal void Run() => action();
}
