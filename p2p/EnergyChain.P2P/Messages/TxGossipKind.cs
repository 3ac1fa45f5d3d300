namespace EnergyChain.P2P.Messages;

public enum TxGossipKind
{
    Announce,
    Request,
    Bodies,
}
