using System.Diagnostics;

namespace EnergyChain.Bench;

/// <summary>
/// The live status of a run: "cell i/N engine, nodes, rate, elapsed". On a terminal it rewrites one line every
/// second; redirected (CI, a log file) it prints a line when a cell starts and one every 30 s, so logs stay short.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _live;
    private readonly Stopwatch _run = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private Stopwatch _cellClock = Stopwatch.StartNew();
    private string _cell = "starting";
    private int _lastLength;
    private int _ticks;

    public ProgressLine(TextWriter writer, bool live)
    {
        _writer = writer;
        _live = live;
        _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Cell(string description)
    {
        lock (_lock)
        {
            _cell = description;
            _cellClock = Stopwatch.StartNew();
            _ticks = 0;
            Write(force: true);
        }
    }

    /// <summary>A finished cell's one-line summary, kept above the live line.</summary>
    public void Done(string summary)
    {
        lock (_lock)
        {
            Clear();
            _writer.WriteLine(summary);
            if (_live)
            {
                Write(force: true);
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_lock)
        {
            Clear();
        }
    }

    private void Tick()
    {
        lock (_lock)
        {
            Write(force: ++_ticks % 30 == 0);
        }
    }

    private void Write(bool force)
    {
        var line = $"[{_cell}] cell {_cellClock.Elapsed:mm\\:ss}, run {_run.Elapsed:hh\\:mm\\:ss}";
        if (_live)
        {
            _writer.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
        else if (force)
        {
            _writer.WriteLine(line);
        }

        _writer.Flush();
    }

    private void Clear()
    {
        if (_live && _lastLength > 0)
        {
            _writer.Write("\r" + new string(' ', _lastLength) + "\r");
            _lastLength = 0;
        }
    }
}
