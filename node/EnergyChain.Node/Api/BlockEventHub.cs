using System.Threading.Channels;
using EnergyChain.Core.Blocks;

namespace EnergyChain.Node.Api;

/// <summary>
/// Fans committed blocks out to event-stream subscribers. Each subscriber has a small bounded queue; a
/// subscriber that falls behind loses its oldest events rather than making the node buffer without limit.
/// </summary>
public sealed class BlockEventHub
{
    private const int QueueCapacity = 256;

    private readonly Lock _lock = new();
    private readonly List<Channel<BlockEvent>> _subscribers = new();
    private bool _completed;

    public ChannelReader<BlockEvent> Subscribe(out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<BlockEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            if (_completed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _subscribers.Add(channel);
            }
        }

        unsubscribe = () =>
        {
            lock (_lock)
            {
                _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        };
        return channel.Reader;
    }

    public void Publish(Block block)
    {
        var header = block.Header;
        var evt = new BlockEvent(header.Height, header.Hash.ToString(), block.Transactions.Count, header.StateRoot.ToString(), header.Timestamp);
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(evt);
            }
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }

            _subscribers.Clear();
        }
    }
}
