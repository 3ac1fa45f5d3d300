namespace EnergyChain.P2P.Messages;

/// <summary>
/// One channel per reactor, CometBFT style. The number travels in every <c>Envelope</c>; a message on a
/// channel this node does not know is a typed decode error.
/// </summary>
public enum ChannelId : byte
{
    /// <summary>Connection housekeeping (keep-alives); handled by <c>PeerConnection</c> itself.</summary>
    Control = 0x01,
    TxGossip = 0x20,
    BlockPropagation = 0x30,
    BlockSync = 0x40,
    PeerExchange = 0x50,
    Consensus = 0x60,
}
