using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Handshake;

/// <summary>
/// Who may connect: the permissioned member set. <see cref="StaticMembership"/> is a fixed set; the node asks its
/// chain's head state. Asked at every handshake; when the answer changes for a connected key, the owner calls
/// <see cref="Network.PeerNetwork.DisconnectNonMembers"/>.
/// </summary>
public interface IMembership
{
    bool IsMember(PublicKey nodeKey);
}
