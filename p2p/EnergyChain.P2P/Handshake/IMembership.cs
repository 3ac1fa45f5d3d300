using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Handshake;

/// <summary>Who may connect: the permissioned member set (genesis members for now).</summary>
public interface IMembership
{
    bool IsMember(PublicKey nodeKey);
}
