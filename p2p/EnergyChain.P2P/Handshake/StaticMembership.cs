using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;

namespace EnergyChain.P2P.Handshake;

/// <summary>A fixed member set.</summary>
public sealed class StaticMembership : IMembership
{
    private readonly HashSet<PublicKey> _members;

    public StaticMembership(IEnumerable<PublicKey> members)
    {
        _members = [.. members];
    }

    public static StaticMembership FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return new StaticMembership(genesis.Members.Select(m => m.PublicKey));
    }

    public bool IsMember(PublicKey nodeKey) => _members.Contains(nodeKey);
}
