namespace EnergyChain.P2P.Messages;

public enum BlockSyncKind
{
    Status,
    Request,
    Response,
}
