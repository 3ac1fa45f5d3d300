namespace EnergyChain.NeoPeer.Tests;

/// <summary>A fact that needs neo-express: reported as skipped, with the reason, where neoxp or libsnappy is missing.</summary>
public sealed class NeoExpressFactAttribute : FactAttribute
{
    public NeoExpressFactAttribute()
    {
        if (NeoExpress.MissingPrerequisite() is { } missing)
        {
            Skip = missing;
        }
    }
}
