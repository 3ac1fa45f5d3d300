namespace EnergyChain.Node.Hosting;

/// <summary>The values of <c>energychain-node join</c> (see <see cref="NodeJoiner"/>).</summary>
public sealed record JoinOptions(
    NodeHome Home, FileInfo Genesis, IReadOnlyList<string> Peers, Uri? MemberApi, string? Name, string Role, string Location,
    ulong? Deposit, ulong Fee, RunOverrides Run);
