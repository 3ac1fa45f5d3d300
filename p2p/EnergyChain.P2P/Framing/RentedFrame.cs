using System.Buffers;

namespace EnergyChain.P2P.Framing;

/// <summary>A frame payload in a pooled buffer; dispose it once, when nothing refers to <see cref="Payload"/> any more.</summary>
public readonly struct RentedFrame(byte[] buffer, int length) : IDisposable
{
    public ReadOnlySpan<byte> Payload => buffer.AsSpan(0, length);

    public int Length => length;

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
