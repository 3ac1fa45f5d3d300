using System.Text.Json;

namespace EnergyChain.LoadGen;

/// <summary>
/// Watches a cluster run from outside its load: called just before the measured submissions start (after the
/// warm-up) and as soon as every measured transfer is committed, so a caller can sample the node processes
/// (CPU time, memory, counters) over exactly the measured window.
/// </summary>
internal interface IClusterProbe
{
    /// <summary>The measured window starts; <paramref name="manifest"/> is the devnet's <c>devnet.json</c>.</summary>
    Task MeasureStartAsync(JsonElement manifest, Uri[] apis);

    /// <summary>The measured transfers are committed (or the patience ran out).</summary>
    Task MeasureEndAsync();
}
