using System.Text.Json;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// Runs a devnet's simulated participants side by side, each repeating its step every 250 ms until the stop, as
/// real households and EVs would act on their own. A step that fails because its node is restarting or busy is
/// tried again on the next round; a request cut off by the stop ends that participant quietly.
/// </summary>
public static class ParticipantLoop
{
    /// <summary>Time between two steps of one participant.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs <paramref name="step"/> for participants 0..<paramref name="count"/>-1 until <paramref name="stop"/>.</summary>
    public static Task RunAsync(int count, Func<int, CancellationToken, Task> step, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Task.WhenAll(Enumerable.Range(0, count).Select(i => RunOneAsync(i, step, stop)));
    }

    private static async Task RunOneAsync(int index, Func<int, CancellationToken, Task> step, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await step(index, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // A node restarting or busy: try again on the next step.
            }

            try
            {
                await Task.Delay(Interval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
