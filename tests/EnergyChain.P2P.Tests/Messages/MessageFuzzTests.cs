using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Messages;

/// <summary>Random and mutated bytes only ever produce a <see cref="MessageException"/>. Seeded, so failures replay.</summary>
public sealed class MessageFuzzTests
{
    [Fact]
    public void Envelope_decoder_only_throws_message_errors() =>
        FuzzDecoder(1, MessageCodec.EncodeEnvelope(ChannelId.BlockSync, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }), b => MessageCodec.DecodeEnvelope(b));

    [Fact]
    public void Hello_decoder_only_throws_message_errors() =>
        FuzzDecoder(2, MessageCodec.EncodeHello(MessageCodecTests.SampleHello()), b => MessageCodec.DecodeHello(b));

    [Fact]
    public void Auth_decoder_only_throws_message_errors() =>
        FuzzDecoder(3, MessageCodec.EncodeAuth(new byte[64]), b => MessageCodec.DecodeAuth(b));

    private static void FuzzDecoder(int seed, byte[] valid, Action<byte[]> decode)
    {
        var random = new Random(seed);
        int ok = 0, errors = 0;
        for (var i = 0; i < Fuzz.Iterations; i++)
        {
            var input = Fuzz.Next(random, valid);
            try
            {
                decode(input);
                ok++;
            }
            catch (MessageException)
            {
                errors++;
            }
        }

        Assert.True(ok > 0 && errors > 0, $"decoded {ok}, refused {errors}");
    }
}
