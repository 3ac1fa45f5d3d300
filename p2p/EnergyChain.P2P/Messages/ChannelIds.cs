namespace EnergyChain.P2P.Messages;

public static class ChannelIds
{
    public static bool IsKnown(uint value) => value is (uint)ChannelId.Control or (uint)ChannelId.TxGossip
        or (uint)ChannelId.BlockPropagation or (uint)ChannelId.BlockSync or (uint)ChannelId.PeerExchange
        or (uint)ChannelId.Consensus;
}
