namespace EnergyChain.Consensus.Market;

/// <summary>
/// OptimizeLoss (thesis eq. 3.9-3.15): the transportation problem of a coalition, solved exactly with an integer
/// min-cost flow instead of Gurobi.
/// <para>
/// Sellers ship their surplus either to a buyer of the coalition (cost dist_ij per Wh) or to the EDC (dist_id); buyers
/// get their deficit from a seller or from the EDC (dist_dj). Every Wh must go somewhere (eq. 3.12-3.13), so the
/// problem is equivalent to maximising the saving sum x_ij (dist_id + dist_dj - dist_ij) over seller-buyer flows with
/// row sums &lt;= surplus and column sums &lt;= deficit; the rest goes to or comes from the EDC. Only pairs with a
/// positive saving get an arc (with floored distances the triangle inequality can fail by one metre).
/// </para>
/// <para>
/// Algorithm: successive shortest paths on source -&gt; sellers -&gt; buyers -&gt; sink with arc costs
/// dist_ij - dist_id - dist_dj &lt; 0, Johnson potentials and an O(V^2) Dijkstra that picks the lowest node index among
/// equal labels; augmentation stops as soon as the cheapest path has cost &gt;= 0. Path costs are non-decreasing, so
/// stopping there gives the minimum cost over all flow values, i.e. the optimum of eq. 3.11. Integers throughout.
/// </para>
/// <para>
/// Loss allocation (eq. 3.7): an EDC leg's loss belongs to its prosumer. The exact loss U = x * ppm * dist_ij (nano-Wh)
/// of a trade i -&gt; j is split in proportion dist_id : dist_dj; the seller gets floor(U * dist_id / (dist_id + dist_dj)),
/// the buyer the rest. Because arcs exist only where dist_ij &lt; dist_id + dist_dj, the seller's part is &lt;= x * ppm *
/// dist_id and the buyer's part (a ceiling) is &lt;= x * ppm * dist_dj (an integer bounding a real from above bounds
/// its ceiling): each side pays at most what moving that energy through the EDC would have cost it. Each member's
/// nano-Wh total is rounded down to Wh once, so E_Si^loss &lt;= E_i^loss: nobody is worse off than alone. A trade's
/// LossWh is the sum of the Wh its two sides put into it; a member's Wh are spread over its trades by largest
/// remainder (ties to the trade listed first for that member: a seller's EDC leg, then its buyers by index; a buyer's
/// sellers by index, then its EDC leg), so trade losses add up exactly to member losses.
/// </para>
/// </summary>
public static class LossOptimizer
{
    /// <summary>Solves OptimizeLoss for the coalition <paramref name="members"/> (indices into <paramref name="prosumers"/>).</summary>
    public static CoalitionFlow Optimize(IReadOnlyList<ProsumerInput> prosumers, IReadOnlyList<int> members, GridParameters grid)
    {
        var ctx = MarketContext.Create(prosumers, grid);
        ArgumentNullException.ThrowIfNull(members);
        var sorted = members.ToArray();
        Array.Sort(sorted);
        for (var k = 0; k < sorted.Length; k++)
        {
            if (sorted[k] < 0 || sorted[k] >= ctx.Count || (k > 0 && sorted[k] == sorted[k - 1]))
            {
                throw new ArgumentException($"members must be distinct prosumer indices in 0..{ctx.Count - 1}", nameof(members));
            }
        }

        return Solve(ctx, sorted, withTrades: true);
    }

    internal static long[] Losses(MarketContext ctx, int[] members) => Solve(ctx, members, withTrades: false).LossWh.ToArray();

    internal static CoalitionFlow Solve(MarketContext ctx, int[] members, bool withTrades)
    {
        var m = members.Length;
        var sellers = new List<int>(m);
        var buyers = new List<int>(m);
        for (var k = 0; k < m; k++)
        {
            var balance = ctx.Balance[members[k]];
            if (balance > 0)
            {
                sellers.Add(k);
            }
            else if (balance < 0)
            {
                buyers.Add(k);
            }
        }

        var ms = sellers.Count;
        var mb = buyers.Count;
        var flow = new long[ms, mb];
        var dist = new long[ms, mb];
        var arc = new bool[ms, mb];
        var cost = new long[ms, mb];
        var anyArc = false;
        for (var i = 0; i < ms; i++)
        {
            var si = members[sellers[i]];
            for (var j = 0; j < mb; j++)
            {
                var bj = members[buyers[j]];
                var d = ctx.Distance(si, bj);
                dist[i, j] = d;
                var c = d - ctx.DistanceToEdc[si] - ctx.DistanceToEdc[bj];
                cost[i, j] = c;
                arc[i, j] = c < 0;
                anyArc |= c < 0;
            }
        }

        var outFlow = new long[ms];
        var inFlow = new long[mb];
        if (anyArc)
        {
            RunSuccessiveShortestPaths(ctx, members, sellers, buyers, arc, cost, flow, outFlow, inFlow);
        }

        return Allocate(ctx, members, sellers, buyers, flow, dist, outFlow, inFlow, withTrades);
    }

    private static void RunSuccessiveShortestPaths(
        MarketContext ctx, int[] members, List<int> sellers, List<int> buyers, bool[,] arc, long[,] cost, long[,] flow, long[] outFlow, long[] inFlow)
    {
        var ms = sellers.Count;
        var mb = buyers.Count;
        var supply = new long[ms];
        var demand = new long[mb];
        for (var i = 0; i < ms; i++)
        {
            supply[i] = ctx.Balance[members[sellers[i]]];
        }

        for (var j = 0; j < mb; j++)
        {
            demand[j] = -ctx.Balance[members[buyers[j]]];
        }

        // Nodes: 0 = source, 1..ms sellers, ms+1..ms+mb buyers, ms+mb+1 = sink.
        var v = ms + mb + 2;
        var sink = v - 1;
        var pot = new long[v];
        for (var j = 0; j < mb; j++)
        {
            var best = 0L;
            for (var i = 0; i < ms; i++)
            {
                if (arc[i, j] && cost[i, j] < best)
                {
                    best = cost[i, j];
                }
            }

            pot[1 + ms + j] = best;
            pot[sink] = Math.Min(pot[sink], best);
        }

        var label = new long[v];
        var done = new bool[v];
        var prev = new int[v];
        while (true)
        {
            Array.Fill(label, long.MaxValue);
            Array.Clear(done);
            label[0] = 0;
            prev[0] = -1;
            for (var step = 0; step < v; step++)
            {
                var u = -1;
                for (var w = 0; w < v; w++)
                {
                    if (!done[w] && label[w] != long.MaxValue && (u < 0 || label[w] < label[u]))
                    {
                        u = w;
                    }
                }

                if (u < 0)
                {
                    break;
                }

                done[u] = true;
                if (u == 0)
                {
                    for (var i = 0; i < ms; i++)
                    {
                        if (supply[i] > outFlow[i])
                        {
                            Relax(u, 1 + i, 0);
                        }
                    }
                }
                else if (u <= ms)
                {
                    var i = u - 1;
                    for (var j = 0; j < mb; j++)
                    {
                        if (arc[i, j])
                        {
                            Relax(u, 1 + ms + j, cost[i, j]);
                        }
                    }
                }
                else if (u < sink)
                {
                    var j = u - 1 - ms;
                    for (var i = 0; i < ms; i++)
                    {
                        if (flow[i, j] > 0)
                        {
                            Relax(u, 1 + i, -cost[i, j]);
                        }
                    }

                    if (demand[j] > inFlow[j])
                    {
                        Relax(u, sink, 0);
                    }
                }
            }

            if (label[sink] == long.MaxValue)
            {
                return;
            }

            // True cost of the path = reduced cost + pot[sink] - pot[source]; pot[source] stays 0.
            var pathCost = label[sink] + pot[sink] - pot[0];
            if (pathCost >= 0)
            {
                return;
            }

            var maxLabel = 0L;
            for (var w = 0; w < v; w++)
            {
                if (label[w] != long.MaxValue)
                {
                    maxLabel = Math.Max(maxLabel, label[w]);
                }
            }

            for (var w = 0; w < v; w++)
            {
                pot[w] += label[w] != long.MaxValue ? label[w] : maxLabel;
            }

            var amount = long.MaxValue;
            for (var w = sink; prev[w] >= 0; w = prev[w])
            {
                amount = Math.Min(amount, Residual(prev[w], w));
            }

            for (var w = sink; prev[w] >= 0; w = prev[w])
            {
                var u = prev[w];
                if (u == 0)
                {
                    outFlow[w - 1] += amount;
                }
                else if (w == sink)
                {
                    inFlow[u - 1 - ms] += amount;
                }
                else if (u <= ms)
                {
                    flow[u - 1, w - 1 - ms] += amount;
                }
                else
                {
                    flow[w - 1, u - 1 - ms] -= amount;
                }
            }
        }

        void Relax(int u, int w, long arcCost)
        {
            var candidate = label[u] + arcCost + pot[u] - pot[w];
            if (candidate < label[w])
            {
                label[w] = candidate;
                prev[w] = u;
            }
        }

        long Residual(int u, int w)
        {
            if (u == 0)
            {
                return supply[w - 1] - outFlow[w - 1];
            }

            if (w == sink)
            {
                return demand[u - 1 - ms] - inFlow[u - 1 - ms];
            }

            return u <= ms ? long.MaxValue : flow[w - 1, u - 1 - ms];
        }
    }

    private static CoalitionFlow Allocate(
        MarketContext ctx, int[] members, List<int> sellers, List<int> buyers, long[,] flow, long[,] dist, long[] outFlow, long[] inFlow, bool withTrades)
    {
        var m = members.Length;
        var ppm = ctx.LossPpmPerKm;
        var memberNano = new Int128[m];
        var parts = withTrades ? new List<(int Member, int Trade, Int128 Nano)>() : null;
        var trades = withTrades ? new List<(int From, int To, long Energy)>() : null;
        Int128 costWhM = 0;

        for (var i = 0; i < sellers.Count; i++)
        {
            var k = sellers[i];
            var si = members[k];
            var a = ctx.DistanceToEdc[si];
            var toEdc = ctx.Balance[si] - outFlow[i];
            if (toEdc > 0)
            {
                var nano = LossModel.LossNanoWh(toEdc, a, ppm);
                memberNano[k] += nano;
                costWhM += (Int128)toEdc * a;
                AddTrade(si, EnergyTrade.Edc, toEdc, (k, nano), default);
            }

            for (var j = 0; j < buyers.Count; j++)
            {
                var x = flow[i, j];
                if (x <= 0)
                {
                    continue;
                }

                var kb = buyers[j];
                var bj = members[kb];
                var b = ctx.DistanceToEdc[bj];
                var nano = LossModel.LossNanoWh(x, dist[i, j], ppm);
                var sellerPart = nano * a / (a + b);
                memberNano[k] += sellerPart;
                memberNano[kb] += nano - sellerPart;
                costWhM += (Int128)x * dist[i, j];
                AddTrade(si, bj, x, (k, sellerPart), (kb, nano - sellerPart));
            }
        }

        for (var j = 0; j < buyers.Count; j++)
        {
            var kb = buyers[j];
            var bj = members[kb];
            var fromEdc = -ctx.Balance[bj] - inFlow[j];
            if (fromEdc > 0)
            {
                var b = ctx.DistanceToEdc[bj];
                var nano = LossModel.LossNanoWh(fromEdc, b, ppm);
                memberNano[kb] += nano;
                costWhM += (Int128)fromEdc * b;
                AddTrade(EnergyTrade.Edc, bj, fromEdc, (kb, nano), default);
            }
        }

        var lossWh = new long[m];
        for (var k = 0; k < m; k++)
        {
            lossWh[k] = (long)(memberNano[k] / LossModel.NanoPerWh);
        }

        if (!withTrades)
        {
            return new CoalitionFlow(members, lossWh, [], costWhM);
        }

        // Spread each member's whole Wh over its trades in proportion to the nano-Wh it put into each.
        var tradeLoss = new long[trades!.Count];
        var byMember = new List<(int Trade, Int128 Nano)>[m];
        foreach (var (member, trade, nano) in parts!)
        {
            (byMember[member] ??= []).Add((trade, nano));
        }

        for (var k = 0; k < m; k++)
        {
            var list = byMember[k];
            if (list is null || lossWh[k] == 0 || memberNano[k] == 0)
            {
                continue;
            }

            var shares = Apportion.LargestRemainder(lossWh[k], list.Select(p => (System.Numerics.BigInteger)p.Nano).ToArray());
            for (var t = 0; t < list.Count; t++)
            {
                tradeLoss[list[t].Trade] += shares[t];
            }
        }

        var result = new EnergyTrade[trades.Count];
        for (var t = 0; t < trades.Count; t++)
        {
            result[t] = new EnergyTrade(trades[t].From, trades[t].To, trades[t].Energy, tradeLoss[t]);
        }

        Array.Sort(result, EnergyTrade.CanonicalOrder);
        return new CoalitionFlow(members, lossWh, result, costWhM);

        void AddTrade(int from, int to, long energy, (int Member, Int128 Nano) first, (int Member, Int128 Nano) second)
        {
            if (trades is null)
            {
                return;
            }

            var index = trades.Count;
            trades.Add((from, to, energy));
            parts!.Add((first.Member, index, first.Nano));
            if (to != EnergyTrade.Edc && from != EnergyTrade.Edc)
            {
                parts.Add((second.Member, index, second.Nano));
            }
        }
    }
}
