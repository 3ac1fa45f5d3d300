namespace EnergyChain.Consensus.Market;

/// <summary>
/// Exact k-nearest-neighbour search over points in a uniform grid of square cells. The answer is the same as a full
/// scan: candidates are ranked by (squared distance, tie comparer), a total order, so the order in which cells and
/// their lists are visited cannot change it. Rings of cells around the query are scanned outward until the k-th best
/// squared distance is below the squared distance to the next ring, or the grid is exhausted. Cells live in a
/// dictionary that is only looked up, never enumerated.
/// </summary>
internal sealed class PointGrid<T>
{
    private readonly Dictionary<long, List<(long X, long Y, T Item)>> _cells = [];
    private readonly long _minX;
    private readonly long _minY;
    private readonly long _cell;
    private readonly long _columns;
    private readonly long _rows;
    private readonly Comparison<T> _tieBreak;

    /// <summary>
    /// A grid over the bounding box [minX, maxX] x [minY, maxY], which must hold every point inserted or queried;
    /// cells are sized from <paramref name="expectedPoints"/> so that about one point falls in a cell;
    /// <paramref name="tieBreak"/> orders items at equal distance.
    /// </summary>
    public PointGrid(long minX, long minY, long maxX, long maxY, int expectedPoints, Comparison<T> tieBreak)
    {
        _minX = minX;
        _minY = minY;
        _tieBreak = tieBreak;
        var width = maxX - minX + 1;
        var height = maxY - minY + 1;
        var n = Math.Max(1, expectedPoints);
        var cell = LossModel.IntegerSqrt((ulong)Math.Max(1, width * height / n));
        cell = Math.Max(cell, Math.Max(width, height) / n);
        _cell = Math.Max(1, cell);
        _columns = (width / _cell) + 1;
        _rows = (height / _cell) + 1;
    }

    public void Add(long x, long y, T item)
    {
        var key = Key(CellX(x), CellY(y));
        if (!_cells.TryGetValue(key, out var list))
        {
            list = [];
            _cells[key] = list;
        }

        list.Add((x, y, item));
    }

    public void Remove(long x, long y, T item)
    {
        var list = _cells[Key(CellX(x), CellY(y))];
        var index = list.FindIndex(e => EqualityComparer<T>.Default.Equals(e.Item, item));
        list.RemoveAt(index);
    }

    /// <summary>Fills <paramref name="best"/> with the up to k nearest items accepted by <paramref name="accept"/>, nearest first; returns how many.</summary>
    public int Nearest(long x, long y, (ulong D2, T Item)[] best, Func<T, bool> accept)
    {
        var k = best.Length;
        var count = 0;
        var cx = CellX(x);
        var cy = CellY(y);
        var maxRing = Math.Max(Math.Max(cx, _columns - 1 - cx), Math.Max(cy, _rows - 1 - cy));
        for (long r = 0; r <= maxRing; r++)
        {
            if (count == k && r > 0)
            {
                // Every point in ring r lies at least (r - 1) cells away from the query along some axis.
                var reach = (ulong)((r - 1) * _cell);
                if (best[k - 1].D2 < reach * reach)
                {
                    break;
                }
            }

            for (var gx = cx - r; gx <= cx + r; gx++)
            {
                if (gx < 0 || gx >= _columns)
                {
                    continue;
                }

                var edge = gx == cx - r || gx == cx + r;
                for (var gy = cy - r; gy <= cy + r; gy += edge ? 1 : Math.Max(1, 2 * r))
                {
                    if (gy < 0 || gy >= _rows || !_cells.TryGetValue(Key(gx, gy), out var list))
                    {
                        continue;
                    }

                    foreach (var (px, py, item) in list)
                    {
                        if (!accept(item))
                        {
                            continue;
                        }

                        var dx = (ulong)Math.Abs(px - x);
                        var dy = (ulong)Math.Abs(py - y);
                        Insert(best, ref count, (dx * dx) + (dy * dy), item);
                    }
                }
            }
        }

        return count;
    }

    private void Insert((ulong D2, T Item)[] best, ref int count, ulong d2, T item)
    {
        var k = best.Length;
        if (count == k && !Closer(d2, item, best[k - 1]))
        {
            return;
        }

        var pos = count < k ? count++ : k - 1;
        while (pos > 0 && Closer(d2, item, best[pos - 1]))
        {
            best[pos] = best[pos - 1];
            pos--;
        }

        best[pos] = (d2, item);
    }

    private bool Closer(ulong d2, T item, (ulong D2, T Item) other) =>
        d2 < other.D2 || (d2 == other.D2 && _tieBreak(item, other.Item) < 0);

    private long CellX(long x) => (x - _minX) / _cell;

    private long CellY(long y) => (y - _minY) / _cell;

    private long Key(long gx, long gy) => (gx * _rows) + gy;
}
