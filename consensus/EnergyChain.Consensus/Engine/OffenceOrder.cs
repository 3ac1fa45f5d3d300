namespace EnergyChain.Consensus.Engine;

/// <summary>Canonical order of offences: height, round, offender key bytes, reason.</summary>
public sealed class OffenceOrder : IComparer<Offence>
{
    public static OffenceOrder Instance { get; } = new();

    public int Compare(Offence? x, Offence? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var c = x.Height.CompareTo(y.Height);
        if (c == 0)
        {
            c = x.Round.CompareTo(y.Round);
        }

        if (c == 0)
        {
            c = x.Offender.Span.SequenceCompareTo(y.Offender.Span);
        }

        return c != 0 ? c : x.Reason.CompareTo(y.Reason);
    }
}
