namespace EnergyChain.Consensus.Market;

internal sealed class FormationEngine
{
    private readonly MarketContext _ctx;
    private readonly FormationOptions _options;
    private readonly Coalition[] _coalitionOf;
    private readonly long[] _score;
    private readonly List<Coalition> _all = [];
    private readonly HashSet<(int, int)> _failedMerges = [];
    private readonly HashSet<(int, int, int)> _failedSwitches = [];
    private readonly int[] _memberOrder;
    private readonly long[] _box;
    private readonly PointGrid<Coalition>? _grid;
    private int _nextId;
    private int _merges;
    private int _splits;
    private int _switches;

    public FormationEngine(MarketContext ctx, FormationOptions options)
    {
        _ctx = ctx;
        _options = options;
        _coalitionOf = new Coalition[ctx.Count];
        _score = new long[ctx.Count];
        _memberOrder = Enumerable.Range(0, ctx.Count).ToArray();
        Array.Sort(_memberOrder, ComparePoints);
        _box = ctx.Count == 0 ? [0, 0, 0, 0] : [ctx.X.Min(), ctx.Y.Min(), ctx.X.Max(), ctx.Y.Max()];
        if (!options.FullScanNeighbours)
        {
            _grid = new PointGrid<Coalition>(_box[0], _box[1], _box[2], _box[3], ctx.Count, (a, b) => ComparePoints(a.Anchor, b.Anchor));
        }
    }

    public MarketOutcome Run()
    {
        for (var i = 0; i < _ctx.Count; i++)
        {
            _score[i] = _ctx.SingletonScore[i];
            Add([i]);
        }

        Record("singletons", 0);
        InitialPairs();
        Record("pairs", 0);

        var iterations = 0;
        var converged = false;
        while (iterations < _options.MaxRounds)
        {
            iterations++;
            var changed = MergePass();
            changed |= SplitPass();
            if (_options.EnableSwitches)
            {
                changed |= SwitchPass();
            }

            Record("round", iterations);
            if (!changed)
            {
                converged = true;
                break;
            }
        }

        return BuildOutcome(iterations, converged);
    }

    // ---- initial pairs (Algorithm 3, lines 8-18) ----

    private void InitialPairs()
    {
        var sellers = new List<int>();
        var buyers = new List<int>();
        for (var i = 0; i < _ctx.Count; i++)
        {
            if (_ctx.Balance[i] > 0)
            {
                sellers.Add(i);
            }
            else if (_ctx.Balance[i] < 0)
            {
                buyers.Add(i);
            }
        }

        // Candidate pairs: each seller's K nearest buyers and each buyer's K nearest sellers, kept only when the two
        // are closer to each other than each is to the EDC (line 11).
        var candidates = new List<(ulong D2, int Seller, int Buyer)>();
        AddNearest(sellers, buyers, sellerFirst: true);
        AddNearest(buyers, sellers, sellerFirst: false);
        candidates.Sort((a, b) =>
        {
            var c = a.D2.CompareTo(b.D2);
            if (c != 0)
            {
                return c;
            }

            c = ComparePoints(a.Seller, b.Seller);
            return c != 0 ? c : ComparePoints(a.Buyer, b.Buyer);
        });

        var paired = new bool[_ctx.Count];
        var previous = (D2: ulong.MaxValue, Seller: -1, Buyer: -1);
        foreach (var cand in candidates)
        {
            if (cand == previous)
            {
                continue;
            }

            previous = cand;
            if (paired[cand.Seller] || paired[cand.Buyer])
            {
                continue;
            }

            int[] pair = cand.Seller < cand.Buyer ? [cand.Seller, cand.Buyer] : [cand.Buyer, cand.Seller];
            var scores = Evaluate(pair);
            if (IsParetoImprovement(pair, scores, out _))
            {
                paired[cand.Seller] = paired[cand.Buyer] = true;
                Kill(_coalitionOf[cand.Seller]);
                Kill(_coalitionOf[cand.Buyer]);
                Apply(pair, scores);
            }
        }

        void AddNearest(List<int> from, List<int> to, bool sellerFirst)
        {
            var k = _options.NeighbourCandidates;
            var best = new (ulong D2, int Index)[k];
            PointGrid<int>? grid = null;
            if (!_options.FullScanNeighbours)
            {
                grid = new PointGrid<int>(_box[0], _box[1], _box[2], _box[3], to.Count, ComparePoints);
                foreach (var j in to)
                {
                    grid.Add(_ctx.X[j], _ctx.Y[j], j);
                }
            }

            foreach (var i in from)
            {
                var count = 0;
                if (grid is not null)
                {
                    count = grid.Nearest(_ctx.X[i], _ctx.Y[i], best, static _ => true);
                }
                else
                {
                    foreach (var j in to)
                    {
                        var d2 = Distance2(_ctx.X[i], _ctx.Y[i], _ctx.X[j], _ctx.Y[j]);
                        InsertNearest(best, ref count, d2, j);
                    }
                }

                for (var t = 0; t < count; t++)
                {
                    var j = best[t].Index;
                    var d = _ctx.Distance(i, j);
                    if (d < _ctx.DistanceToEdc[i] && d < _ctx.DistanceToEdc[j])
                    {
                        candidates.Add(sellerFirst ? (best[t].D2, i, j) : (best[t].D2, j, i));
                    }
                }
            }
        }
    }

    // ---- merge ----

    private bool MergePass()
    {
        var changed = false;
        foreach (var a in AliveInOrder())
        {
            if (!a.Alive || a.Neutral || a.Members.Length >= _options.MaxCoalitionSize)
            {
                continue;
            }

            int[]? bestUnion = null;
            long[]? bestScores = null;
            Coalition? bestPartner = null;
            var bestGain = 0L;
            foreach (var b in NearestCoalitions(a.CentroidX, a.CentroidY, a))
            {
                if (a.Members.Length + b.Members.Length > _options.MaxCoalitionSize)
                {
                    continue;
                }

                var key = a.Id < b.Id ? (a.Id, b.Id) : (b.Id, a.Id);
                if (_failedMerges.Contains(key))
                {
                    continue;
                }

                var union = MergeSorted(a.Members, b.Members);
                var scores = Evaluate(union);
                if (IsParetoImprovement(union, scores, out var gain))
                {
                    if (gain > bestGain)
                    {
                        (bestUnion, bestScores, bestPartner, bestGain) = (union, scores, b, gain);
                    }
                }
                else
                {
                    _failedMerges.Add(key);
                }
            }

            if (bestUnion is not null)
            {
                Kill(a);
                Kill(bestPartner!);
                Apply(bestUnion, bestScores!);
                _merges++;
                changed = true;
            }
        }

        return changed;
    }

    // ---- split ----

    private bool SplitPass()
    {
        var changed = false;
        foreach (var s in AliveInOrder())
        {
            if (!s.Alive || s.SplitChecked || s.Members.Length < 3)
            {
                continue;
            }

            int[]? bestLeft = null;
            int[]? bestRight = null;
            long[]? bestLeftScores = null;
            long[]? bestRightScores = null;
            var bestGain = 0L;
            foreach (var (left, right) in SplitCandidates(s.Members))
            {
                var leftScores = Evaluate(left);
                var rightScores = Evaluate(right);
                if (IsParetoImprovement(left, leftScores, right, rightScores, out var gain) && gain > bestGain)
                {
                    (bestLeft, bestRight, bestLeftScores, bestRightScores, bestGain) = (left, right, leftScores, rightScores, gain);
                }
            }

            if (bestLeft is null)
            {
                s.SplitChecked = true;
                continue;
            }

            Kill(s);
            Apply(bestLeft, bestLeftScores!);
            Apply(bestRight!, bestRightScores!);
            _splits++;
            changed = true;
        }

        return changed;
    }

    private IEnumerable<(int[] Left, int[] Right)> SplitCandidates(int[] members)
    {
        var m = members.Length;
        if (m <= _options.SplitExhaustiveMaxSize)
        {
            // Member 0 always stays left, so each unordered bipartition appears once.
            for (var mask = 1; mask < 1 << (m - 1); mask++)
            {
                var left = new List<int>(m) { members[0] };
                var right = new List<int>(m);
                for (var k = 1; k < m; k++)
                {
                    ((mask >> (k - 1) & 1) == 1 ? right : left).Add(members[k]);
                }

                yield return (left.ToArray(), right.ToArray());
            }

            yield break;
        }

        for (var k = 0; k < m; k++)
        {
            yield return ([.. members.Where((_, t) => t != k)], [members[k]]);
        }

        foreach (var byX in new[] { true, false })
        {
            var sorted = members.ToArray();
            Array.Sort(sorted, (p, q) =>
            {
                var c = byX ? _ctx.X[p].CompareTo(_ctx.X[q]) : _ctx.Y[p].CompareTo(_ctx.Y[q]);
                return c != 0 ? c : ComparePoints(p, q);
            });
            var left = sorted[..(m / 2)];
            var right = sorted[(m / 2)..];
            Array.Sort(left);
            Array.Sort(right);
            yield return (left, right);
        }
    }

    // ---- switch ----

    private bool SwitchPass()
    {
        var changed = false;
        foreach (var i in _memberOrder)
        {
            if (_ctx.Balance[i] == 0)
            {
                continue;
            }

            var from = _coalitionOf[i];
            int[]? rest = null;
            long[]? restScores = null;
            int[]? bestTarget = null;
            long[]? bestTargetScores = null;
            Coalition? bestCoalition = null;
            var bestGain = 0L;
            foreach (var t in NearestCoalitions(_ctx.X[i], _ctx.Y[i], from))
            {
                if (t.Members.Length + 1 > _options.MaxCoalitionSize)
                {
                    continue;
                }

                var key = (i, from.Id, t.Id);
                if (_failedSwitches.Contains(key))
                {
                    continue;
                }

                if (rest is null)
                {
                    rest = [.. from.Members.Where(x => x != i)];
                    restScores = rest.Length > 0 ? Evaluate(rest) : [];
                }

                var target = MergeSorted(t.Members, [i]);
                var targetScores = Evaluate(target);
                if (AcceptSwitch(i, rest, restScores!, target, targetScores, out var gain))
                {
                    if (gain > bestGain)
                    {
                        (bestTarget, bestTargetScores, bestCoalition, bestGain) = (target, targetScores, t, gain);
                    }
                }
                else
                {
                    _failedSwitches.Add(key);
                }
            }

            if (bestTarget is not null)
            {
                Kill(from);
                Kill(bestCoalition!);
                if (rest!.Length > 0)
                {
                    Apply(rest, restScores!);
                }

                Apply(bestTarget, bestTargetScores!);
                _switches++;
                changed = true;
            }
        }

        return changed;
    }

    // ---- helpers ----

    private long[] Evaluate(int[] members)
    {
        var losses = LossOptimizer.Losses(_ctx, members);
        var scores = new long[members.Length];
        for (var k = 0; k < members.Length; k++)
        {
            scores[k] = _ctx.Score(members[k], losses[k]);
        }

        return scores;
    }

    private bool AcceptSwitch(int mover, int[] rest, long[] restScores, int[] target, long[] targetScores, out long gain)
    {
        if (_options.SwitchRule == SwitchRule.Pareto)
        {
            return IsParetoImprovement(rest, restScores, target, targetScores, out gain);
        }

        gain = 0;
        var moverGains = false;
        for (var k = 0; k < target.Length; k++)
        {
            var delta = targetScores[k] - _score[target[k]];
            if (target[k] == mover)
            {
                moverGains = delta > 0;
            }
            else if (delta < 0)
            {
                return false;
            }

            gain += delta;
        }

        for (var k = 0; k < rest.Length; k++)
        {
            gain += restScores[k] - _score[rest[k]];
        }

        if (!moverGains)
        {
            return false;
        }

        if (_options.SwitchRule == SwitchRule.MoverGainsAndSumIncreases)
        {
            return gain > 0;
        }

        // Individual stability moves are compared by the mover's own gain.
        gain = 1 + targetScores[Array.IndexOf(target, mover)] - _score[mover];
        return true;
    }

    private bool IsParetoImprovement(int[] members, long[] scores, out long gain) =>
        IsParetoImprovement(members, scores, [], [], out gain);

    private bool IsParetoImprovement(int[] first, long[] firstScores, int[] second, long[] secondScores, out long gain)
    {
        gain = 0;
        var strictly = false;
        for (var pass = 0; pass < 2; pass++)
        {
            var members = pass == 0 ? first : second;
            var scores = pass == 0 ? firstScores : secondScores;
            for (var k = 0; k < members.Length; k++)
            {
                var delta = scores[k] - _score[members[k]];
                if (delta < 0)
                {
                    return false;
                }

                strictly |= delta > 0;
                gain += delta;
            }
        }

        return strictly;
    }

    private void Apply(int[] members, long[] scores)
    {
        Add(members);
        for (var k = 0; k < members.Length; k++)
        {
            _score[members[k]] = scores[k];
        }
    }

    private Coalition Add(int[] members)
    {
        long sx = 0, sy = 0;
        var anchor = members[0];
        foreach (var i in members)
        {
            sx += _ctx.X[i];
            sy += _ctx.Y[i];
            if (ComparePoints(i, anchor) < 0)
            {
                anchor = i;
            }
        }

        var c = new Coalition(_nextId++, members, sx / members.Length, sy / members.Length, anchor, members.Length == 1 && _ctx.Balance[members[0]] == 0);
        foreach (var i in members)
        {
            _coalitionOf[i] = c;
        }

        _all.Add(c);
        if (!c.Neutral)
        {
            _grid?.Add(c.CentroidX, c.CentroidY, c);
        }

        return c;
    }

    private void Kill(Coalition c)
    {
        c.Alive = false;
        if (!c.Neutral)
        {
            _grid?.Remove(c.CentroidX, c.CentroidY, c);
        }
    }

    private List<Coalition> AliveInOrder()
    {
        _all.RemoveAll(c => !c.Alive);
        var list = _all.ToList();
        list.Sort((a, b) => ComparePoints(a.Anchor, b.Anchor));
        return list;
    }

    /// <summary>The K alive, non-neutral coalitions nearest to (x, y) by centroid, excluding <paramref name="self"/>.</summary>
    private List<Coalition> NearestCoalitions(long x, long y, Coalition self)
    {
        var k = _options.NeighbourCandidates;
        var best = new (ulong D2, Coalition C)[k];
        var count = 0;
        if (_grid is not null)
        {
            count = _grid.Nearest(x, y, best, c => c.Alive && !ReferenceEquals(c, self));
            return [.. best.Take(count).Select(b => b.C)];
        }

        foreach (var c in _all)
        {
            if (!c.Alive || c.Neutral || ReferenceEquals(c, self))
            {
                continue;
            }

            var d2 = Distance2(x, y, c.CentroidX, c.CentroidY);
            if (count == k && !Closer(d2, c, best[k - 1]))
            {
                continue;
            }

            var pos = count < k ? count++ : k - 1;
            while (pos > 0 && Closer(d2, c, best[pos - 1]))
            {
                best[pos] = best[pos - 1];
                pos--;
            }

            best[pos] = (d2, c);
        }

        var result = new List<Coalition>(count);
        for (var t = 0; t < count; t++)
        {
            result.Add(best[t].C);
        }

        return result;

        bool Closer(ulong d2, Coalition c, (ulong D2, Coalition C) other) =>
            d2 < other.D2 || (d2 == other.D2 && ComparePoints(c.Anchor, other.C.Anchor) < 0);
    }

    private void InsertNearest((ulong D2, int Index)[] best, ref int count, ulong d2, int j)
    {
        var k = best.Length;
        if (count == k && !Closer(d2, j, best[k - 1]))
        {
            return;
        }

        var pos = count < k ? count++ : k - 1;
        while (pos > 0 && Closer(d2, j, best[pos - 1]))
        {
            best[pos] = best[pos - 1];
            pos--;
        }

        best[pos] = (d2, j);

        bool Closer(ulong d, int index, (ulong D2, int Index) other) =>
            d < other.D2 || (d == other.D2 && ComparePoints(index, other.Index) < 0);
    }

    private int ComparePoints(int a, int b)
    {
        var c = _ctx.X[a].CompareTo(_ctx.X[b]);
        if (c != 0)
        {
            return c;
        }

        c = _ctx.Y[a].CompareTo(_ctx.Y[b]);
        return c != 0 ? c : a.CompareTo(b);
    }

    private static ulong Distance2(long x1, long y1, long x2, long y2)
    {
        var dx = (ulong)Math.Abs(x1 - x2);
        var dy = (ulong)Math.Abs(y1 - y2);
        return (dx * dx) + (dy * dy);
    }

    private static int[] MergeSorted(int[] a, int[] b)
    {
        var result = new int[a.Length + b.Length];
        int i = 0, j = 0, k = 0;
        while (i < a.Length && j < b.Length)
        {
            result[k++] = a[i] < b[j] ? a[i++] : b[j++];
        }

        while (i < a.Length)
        {
            result[k++] = a[i++];
        }

        while (j < b.Length)
        {
            result[k++] = b[j++];
        }

        return result;
    }

    private List<int[]> Partition()
    {
        var list = _all.Where(c => c.Alive).Select(c => c.Members).ToList();
        list.Sort((a, b) => a[0].CompareTo(b[0]));
        return list;
    }

    private void Record(string phase, int iteration)
    {
        _options.Trace?.Add(new TraceStep(phase, iteration, [.. Partition().Select(p => (IReadOnlyList<int>)p)], [.. _score]));
    }

    private MarketOutcome BuildOutcome(int iterations, bool converged)
    {
        var partition = Partition();
        var coalitions = new MarketCoalition[partition.Count];
        var members = new MemberOutcome[_ctx.Count];
        var trades = new List<EnergyTrade>();
        long savings = 0;
        for (var c = 0; c < partition.Count; c++)
        {
            var flow = LossOptimizer.Solve(_ctx, partition[c], withTrades: true);
            long total = 0;
            for (var k = 0; k < partition[c].Length; k++)
            {
                var i = partition[c][k];
                var loss = flow.LossWh[k];
                var score = _ctx.Score(i, loss);
                members[i] = new MemberOutcome(_ctx.SingletonScore[i], score, _ctx.AloneLossWh[i], loss, c);
                total += score;
                savings += _ctx.AloneLossWh[i] - loss;
            }

            coalitions[c] = new MarketCoalition(partition[c], total);
            trades.AddRange(flow.Trades);
        }

        var tradeArray = trades.ToArray();
        Array.Sort(tradeArray, EnergyTrade.CanonicalOrder);
        return new MarketOutcome(coalitions, tradeArray, members, savings, _merges, _splits, _switches, iterations, converged);
    }

    private sealed class Coalition(int id, int[] members, long centroidX, long centroidY, int anchor, bool neutral)
    {
        public int Id { get; } = id;

        public int[] Members { get; } = members;

        public long CentroidX { get; } = centroidX;

        public long CentroidY { get; } = centroidY;

        public int Anchor { get; } = anchor;

        /// <summary>A lone prosumer with production == consumption: it can neither gain nor give, so it is skipped.</summary>
        public bool Neutral { get; } = neutral;

        public bool Alive { get; set; } = true;

        public bool SplitChecked { get; set; }
    }
}
