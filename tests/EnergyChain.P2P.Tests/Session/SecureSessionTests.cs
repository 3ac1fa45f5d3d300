using System.Security.Cryptography;
using EnergyChain.P2P.Session;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Session;

public sealed class SecureSessionTests
{
    private static (SecureSession A, SecureSession B) Pair()
    {
        var k1 = RandomNumberGenerator.GetBytes(32);
        var k2 = RandomNumberGenerator.GetBytes(32);
        return (new SecureSession(k1, k2), new SecureSession(k2, k1));
    }

    [Fact]
    public void Frames_round_trip_in_both_directions()
    {
        var (a, b) = Pair();
        using (a)
        using (b)
        {
            for (var i = 0; i < 10; i++)
            {
                var message = RandomNumberGenerator.GetBytes(i * 17);
                Assert.Equal(message, b.Open(a.Seal(message)));
                Assert.Equal(message, a.Open(b.Seal(message)));
            }
        }
    }

    [Fact]
    public void OpenTo_decrypts_into_a_larger_buffer_and_refuses_a_smaller_one()
    {
        var (a, b) = Pair();
        using (a)
        using (b)
        {
            var message = RandomNumberGenerator.GetBytes(300);
            var sealedFrame = a.Seal(message);
            Assert.Equal(message.Length, SecureSession.PlaintextLength(sealedFrame.Length));
            Assert.Throws<ArgumentException>(() => b.OpenTo(sealedFrame, new byte[message.Length - 1]));

            var buffer = new byte[1024]; // what a pool hands out: larger than asked for
            Assert.Equal(message.Length, b.OpenTo(sealedFrame, buffer));
            Assert.Equal(message, buffer[..message.Length]);
            Assert.Equal(0, SecureSession.PlaintextLength(SecureSession.Overhead - 1));
        }
    }

    [Fact]
    public void Tampered_frame_fails_authentication_and_closes_the_session()
    {
        var (a, b) = Pair();
        using (a)
        using (b)
        {
            var frame = a.Seal("pay 10 kWh"u8);
            frame[SecureSession.CounterSize + 2] ^= 0x01;
            Assert.Equal(SessionError.AuthenticationFailed, Assert.Throws<SessionException>(() => b.Open(frame)).Error);
            Assert.Equal(SessionError.Closed, Assert.Throws<SessionException>(() => b.Open(a.Seal("next"u8))).Error);
        }
    }

    [Fact]
    public void Replayed_and_reordered_frames_are_refused()
    {
        var (a, b) = Pair();
        using (a)
        using (b)
        {
            var first = a.Seal("one"u8);
            b.Open(first);
            Assert.Equal(SessionError.Replayed, Assert.Throws<SessionException>(() => b.Open(first)).Error);
        }

        var (c, d) = Pair();
        using (c)
        using (d)
        {
            c.Seal("one"u8);
            var second = c.Seal("two"u8);
            Assert.Equal(SessionError.OutOfOrder, Assert.Throws<SessionException>(() => d.Open(second)).Error);
        }
    }

    [Fact]
    public void Short_frame_is_truncated()
    {
        var (a, b) = Pair();
        using (a)
        using (b)
        {
            Assert.Equal(SessionError.Truncated, Assert.Throws<SessionException>(() => b.Open(new byte[SecureSession.Overhead - 1])).Error);
        }
    }

    [Fact]
    public void Fuzzed_frames_only_give_session_errors()
    {
        var random = new Random(77);
        var (a, b) = Pair();
        var valid = a.Seal("seed message for the fuzzer"u8);
        int opened = 0, refused = 0;
        try
        {
            for (var i = 0; i < Fuzz.Iterations; i++)
            {
                if (b.IsFailed)
                {
                    b.Dispose();
                    a.Dispose();
                    (a, b) = Pair();
                    valid = a.Seal("seed message for the fuzzer"u8);
                }

                try
                {
                    // Every so often feed the untouched frame: it must open exactly once.
                    b.Open(i % 1000 == 0 ? valid : Fuzz.Next(random, valid));
                    opened++;
                    valid = a.Seal("seed message for the fuzzer"u8);
                }
                catch (SessionException)
                {
                    refused++;
                }
            }
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }

        Assert.True(opened > 0 && refused > 0, $"opened {opened}, refused {refused}");
    }
}
