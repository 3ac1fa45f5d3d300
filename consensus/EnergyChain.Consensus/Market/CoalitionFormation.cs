namespace EnergyChain.Consensus.Market;

/// <summary>
/// Coalition formation (thesis Algorithm 3): initial seller-buyer neighbour pairs, then merge, split and switch
/// operations under the Pareto order until nothing changes. See docs/poeg.md for the rules and why they terminate.
/// <para>
/// Rules. Merges and splits are accepted only if they are Pareto improvements for the prosumers they touch: each one's
/// score PS_Si (eq. 3.6) is &gt;= its current score and at least one is strictly greater. Among several acceptable
/// candidates the one with the largest total gain wins (ties: the earlier candidate). Merge: coalition A with one of
/// its <see cref="FormationOptions.NeighbourCandidates"/> nearest coalitions B (integer centroids; exact k-NN through
/// <see cref="PointGrid{T}"/>, same answers as a full scan). Split: S into two
/// parts, every bipartition when |S| &lt;= <see cref="FormationOptions.SplitExhaustiveMaxSize"/>, else the |S|
/// one-member removals plus the median cuts along x and along y. Switch: one member moves from its coalition A to one
/// of the K coalitions nearest to it; by default (<see cref="SwitchRule.IndividualStability"/>) the move is accepted
/// when the mover strictly gains and nobody in the receiving coalition loses (largest mover gain wins), which is
/// exactly what individual stability forbids in the final partition; <see cref="SwitchRule.Pareto"/> also protects
/// A's remaining members.
/// </para>
/// <para>
/// Termination. Scores are integers; every accepted merge, split or Pareto switch raises the sum of all scores by at
/// least 1 Wh, and that sum is bounded by sum(max(PS_i, 0) + E_i^loss) (a member can save at most its alone loss), so
/// only finitely many of them can be accepted. An individual-stability switch can lower the scores of the members it
/// leaves behind, so no such potential covers it; the search therefore always stops after at most
/// <see cref="FormationOptions.MaxRounds"/> rounds and reports in <see cref="MarketOutcome.Converged"/> whether the last
/// round changed nothing (a fixed point: no candidate operation applies). With <see cref="SwitchRule.Pareto"/>
/// convergence is guaranteed, but the result is then only stable against moves that hurt nobody.
/// </para>
/// <para>
/// Determinism. No floating point, no randomness; coalitions are visited in the order of their anchor (the member with
/// the smallest (x, y, index)), members in (x, y, index) order, candidates by squared distance then anchor. Index
/// order only breaks exact ties, so relabelling the prosumers of an instance in general position relabels the result.
/// Rejected (merge pair, switch) attempts are remembered by coalition version ids and not retried while the coalitions
/// involved are unchanged; the hash sets are only queried, never iterated.
/// </para>
/// </summary>
public static class CoalitionFormation
{
    public static MarketOutcome Form(IReadOnlyList<ProsumerInput> prosumers, GridParameters grid, FormationOptions? options = null)
    {
        options ??= FormationOptions.Default;
        options.Validate();
        var ctx = MarketContext.Create(prosumers, grid);
        return new FormationEngine(ctx, options).Run();
    }
}
