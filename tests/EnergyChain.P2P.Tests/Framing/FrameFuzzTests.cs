using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Framing;

public sealed class FrameFuzzTests
{
    [Fact]
    public async Task Random_and_mutated_streams_only_give_frame_errors()
    {
        var seed = FrameCodec.Encode("a short frame payload"u8).Concat(FrameCodec.Encode([1, 2, 3])).ToArray();
        var random = new Random(4242);
        int frames = 0, errors = 0;
        for (var i = 0; i < Fuzz.Iterations; i++)
        {
            using var stream = new MemoryStream(Fuzz.Next(random, seed));
            try
            {
                while (await FrameCodec.ReadFrameAsync(stream, 64, CancellationToken.None) is { } frame)
                {
                    Assert.True(frame.Length <= 64);
                    frames++;
                }
            }
            catch (FrameException)
            {
                errors++;
            }
        }

        Assert.True(frames > 0 && errors > 0, $"frames {frames}, errors {errors}");
    }
}
