using EnergyChain.P2P.Framing;
using FsCheck;
using FsCheck.Fluent;

namespace EnergyChain.P2P.Tests.Framing;

public sealed class FrameCodecTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Frames_round_trip_in_sequence(bool rented)
    {
        var payloads = new[] { Array.Empty<byte>(), "hello"u8.ToArray(), new byte[70_000] };
        Random.Shared.NextBytes(payloads[2]);
        using var stream = new MemoryStream();
        foreach (var payload in payloads)
        {
            await FrameCodec.WriteFrameAsync(stream, payload, FrameCodec.DefaultMaxFrameSize, CancellationToken.None);
        }

        stream.Position = 0;
        foreach (var payload in payloads)
        {
            Assert.Equal(payload, await ReadAsync(stream, FrameCodec.DefaultMaxFrameSize, rented));
        }

        Assert.Null(await ReadAsync(stream, FrameCodec.DefaultMaxFrameSize, rented));
    }

    [Fact]
    public void Encode_then_parse_header_is_identity_for_any_payload()
    {
        Prop.ForAll<byte[]>(payload =>
        {
            var frame = FrameCodec.Encode(payload);
            var length = FrameCodec.ParseHeader(frame, FrameCodec.DefaultMaxFrameSize);
            return length == payload.Length && frame.AsSpan(FrameCodec.HeaderSize).SequenceEqual(payload);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task Oversize_frame_is_refused_before_reading_the_payload()
    {
        var frame = FrameCodec.Encode(new byte[1025]);
        var error = await ReadErrorAsync(frame, maxFrameSize: 1024);
        Assert.Equal(FrameError.TooLarge, error);

        // A header that declares 4 GiB is refused from the header alone.
        var huge = FrameCodec.Encode([]);
        huge[4] = huge[5] = huge[6] = huge[7] = 0xFF;
        Assert.Equal(FrameError.TooLarge, await ReadErrorAsync(huge, FrameCodec.DefaultMaxFrameSize));
    }

    [Theory]
    [InlineData(0, FrameError.BadMagic)]
    [InlineData(1, FrameError.BadMagic)]
    [InlineData(2, FrameError.UnsupportedVersion)]
    [InlineData(3, FrameError.BadFlags)]
    public async Task Corrupt_header_bytes_give_typed_errors(int index, FrameError expected)
    {
        var frame = FrameCodec.Encode("payload"u8);
        frame[index] ^= 0x40;
        Assert.Equal(expected, await ReadErrorAsync(frame, 1024));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(14)]
    public async Task Truncated_frames_give_truncated(int keep)
    {
        var frame = FrameCodec.Encode("payload"u8);
        Assert.Equal(FrameError.Truncated, await ReadErrorAsync(frame[..keep], 1024));
    }

    /// <summary>The error both readers give for <paramref name="bytes"/> (they must agree).</summary>
    private static async Task<FrameError> ReadErrorAsync(byte[] bytes, int maxFrameSize)
    {
        var errors = new List<FrameError>();
        foreach (var rented in new[] { false, true })
        {
            using var stream = new MemoryStream(bytes);
            var ex = await Assert.ThrowsAsync<FrameException>(async () => await ReadAsync(stream, maxFrameSize, rented));
            errors.Add(ex.Error);
        }

        Assert.Equal(errors[0], errors[1]);
        return errors[0];
    }

    private static async Task<byte[]?> ReadAsync(Stream stream, int maxFrameSize, bool rented)
    {
        if (!rented)
        {
            return await FrameCodec.ReadFrameAsync(stream, maxFrameSize, CancellationToken.None);
        }

        if (await FrameCodec.ReadRentedFrameAsync(stream, maxFrameSize, CancellationToken.None) is not { } frame)
        {
            return null;
        }

        using (frame)
        {
            return frame.Payload.ToArray();
        }
    }
}
