using System.Diagnostics;
using System.Globalization;

namespace EnergyChain.Benchmarks.Pipeline;

/// <summary>
/// How much of the machine this process had during a measurement: its own CPU time against the whole
/// machine's busy time from /proc/stat (Linux), so a run disturbed by other work is visible as such.
/// </summary>
internal sealed class CpuMeter
{
    private readonly Process _process;
    private readonly TimeSpan _ownStart;
    private readonly (long Busy, long Total)? _machineStart;
    private readonly long _wallStart = Stopwatch.GetTimestamp();

    public CpuMeter(Process process)
    {
        _process = process;
        _process.Refresh();
        _ownStart = _process.TotalProcessorTime;
        _machineStart = ReadMachine();
    }

    /// <summary>A line such as "this process 1.85 cores, other processes 0.10 cores (of 2)".</summary>
    public string Describe()
    {
        var wall = Stopwatch.GetElapsedTime(_wallStart).TotalSeconds;
        _process.Refresh();
        var own = (_process.TotalProcessorTime - _ownStart).TotalSeconds;
        var text = string.Create(CultureInfo.InvariantCulture, $"this process used {own / wall:F2} cores");
        if (_machineStart is { } start && ReadMachine() is { } end && end.Total > start.Total)
        {
            // /proc/stat counts in USER_HZ ticks summed over all cores.
            var machineBusy = (double)(end.Busy - start.Busy) / (end.Total - start.Total) * Environment.ProcessorCount;
            text += string.Create(CultureInfo.InvariantCulture,
                $", the whole machine {machineBusy:F2} of {Environment.ProcessorCount} cores (others about {Math.Max(0, machineBusy - (own / wall)):F2})");
        }

        return text;
    }

    private static (long Busy, long Total)? ReadMachine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0); // idle + iowait
            var total = fields.Take(8).Sum();                            // user..steal, not guest (already in user)
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
