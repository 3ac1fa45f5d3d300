namespace EnergyChain.Consensus.Posoc.V2v;

/// <summary>
/// The V2V fields of <c>/v1/consensus</c>'s posoc part (see <see cref="V2vReadModel.Status"/>); <see cref="Progress"/> is the
/// one line the devnet prints about the last settled hour.
/// </summary>
public sealed record V2vStatus(
    IReadOnlyList<string> Sites, ulong V2vMaxPriceMicroPerWh, ulong MaxReportWh, ulong? LastMatchedHour, ulong? LastSettledHour, V2vHourSummary? LastV2vSettlement, string? Progress);
