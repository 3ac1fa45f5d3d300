namespace EnergyChain.P2P.Messages;

public enum PeerExchangeKind
{
    ListenPort,
    Request,
    Addresses,
}
