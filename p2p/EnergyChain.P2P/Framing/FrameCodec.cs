using System.Buffers;
using System.Buffers.Binary;

namespace EnergyChain.P2P.Framing;

/// <summary>
/// Length-prefixed frames: <c>'E' 'C' | u8 version=1 | u8 flags=0 | u32 length (big-endian) | payload</c>.
/// The reader checks the header before allocating and never allocates more than the declared length,
/// which is itself bounded by the caller's maximum.
/// </summary>
public static class FrameCodec
{
    public const int HeaderSize = 8;
    public const byte Magic0 = (byte)'E';
    public const byte Magic1 = (byte)'C';
    public const byte Version = 1;

    /// <summary>Default hard limit on a frame's payload: 4 MiB.</summary>
    public const int DefaultMaxFrameSize = 4 * 1024 * 1024;

    public static void WriteHeader(Span<byte> header, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        header[0] = Magic0;
        header[1] = Magic1;
        header[2] = Version;
        header[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[4..HeaderSize], (uint)payloadLength);
    }

    /// <summary>Validates a header and returns the payload length.</summary>
    public static int ParseHeader(ReadOnlySpan<byte> header, int maxFrameSize)
    {
        if (header.Length < HeaderSize)
        {
            throw new FrameException(FrameError.Truncated, $"frame header: {header.Length} of {HeaderSize} bytes");
        }

        if (header[0] != Magic0 || header[1] != Magic1)
        {
            throw new FrameException(FrameError.BadMagic, $"frame magic {header[0]:x2}{header[1]:x2} is not 4543 ('EC')");
        }

        if (header[2] != Version)
        {
            throw new FrameException(FrameError.UnsupportedVersion, $"frame version {header[2]} is not {Version}");
        }

        if (header[3] != 0)
        {
            throw new FrameException(FrameError.BadFlags, $"frame flags {header[3]:x2} must be 0");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[4..HeaderSize]);
        if (length > (uint)maxFrameSize)
        {
            throw new FrameException(FrameError.TooLarge, $"frame length {length} exceeds the maximum {maxFrameSize}");
        }

        return (int)length;
    }

    /// <summary>Header and payload in one buffer.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        WriteHeader(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>Writes one frame (one write call, so concurrent writers must still serialize).</summary>
    public static async ValueTask WriteFrameAsync(
        Stream stream, ReadOnlyMemory<byte> payload, int maxFrameSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (payload.Length > maxFrameSize)
        {
            throw new ArgumentException($"payload of {payload.Length} bytes exceeds the frame maximum {maxFrameSize}", nameof(payload));
        }

        await stream.WriteAsync(Encode(payload.Span), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one frame. Returns null when the stream ends cleanly before a header; throws
    /// <see cref="FrameException"/> for anything malformed, including an end inside a frame.
    /// </summary>
    public static async ValueTask<byte[]?> ReadFrameAsync(Stream stream, int maxFrameSize, CancellationToken cancellationToken)
    {
        if (await ReadHeaderAsync(stream, maxFrameSize, cancellationToken).ConfigureAwait(false) is not { } length)
        {
            return null;
        }

        var payload = new byte[length];
        await ReadPayloadAsync(stream, payload, length, cancellationToken).ConfigureAwait(false);
        return payload;
    }

    /// <summary>
    /// Like <see cref="ReadFrameAsync"/>, with the payload in a buffer from <see cref="ArrayPool{T}.Shared"/> that the
    /// caller returns by disposing the frame: a peer connection reads frames of up to a block's size many times a
    /// second, and a fresh buffer for each was a tenth of a loaded node's allocations.
    /// </summary>
    public static async ValueTask<RentedFrame?> ReadRentedFrameAsync(Stream stream, int maxFrameSize, CancellationToken cancellationToken)
    {
        if (await ReadHeaderAsync(stream, maxFrameSize, cancellationToken).ConfigureAwait(false) is not { } length)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await ReadPayloadAsync(stream, buffer, length, cancellationToken).ConfigureAwait(false);
            return new RentedFrame(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The payload length of the next frame, or null when the stream ends cleanly before it.</summary>
    private static async ValueTask<int?> ReadHeaderAsync(Stream stream, int maxFrameSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[HeaderSize];
        var read = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < HeaderSize)
        {
            // Check the magic on what did arrive first so that garbage is reported as garbage.
            if (header[0] != Magic0 || (read > 1 && header[1] != Magic1))
            {
                throw new FrameException(FrameError.BadMagic, "frame magic is not 'EC'");
            }

            throw new FrameException(FrameError.Truncated, $"stream ended after {read} of {HeaderSize} header bytes");
        }

        return ParseHeader(header, maxFrameSize);
    }

    private static async ValueTask ReadPayloadAsync(Stream stream, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return;
        }

        var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        if (read < length)
        {
            throw new FrameException(FrameError.Truncated, $"stream ended after {read} of {length} payload bytes");
        }
    }
}
