using System.Numerics;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Codec;

namespace EnergyChain.Consensus.Tests.Pow;

public sealed class PowTargetTests
{
    public static TheoryData<int> Bits => [.. Enumerable.Range(0, 256)];

    [Theory]
    [MemberData(nameof(Bits))]
    public void Compact_round_trips_every_leading_zero_target_and_only_rounds_down(int bits)
    {
        var target = PowTarget.FromLeadingZeroBits(bits);
        var normalized = PowTarget.Normalize(target);

        Assert.True(normalized <= target);
        Assert.True(normalized >= target - (target >> 15), "compact loses less than 2^-15 of the target");
        Assert.Equal(normalized, PowTarget.FromCompact(PowTarget.ToCompact(normalized)));
        Assert.Equal(PowTarget.ToCompact(target), PowTarget.ToCompact(normalized));
        Assert.Equal(normalized, PowTarget.Normalize(normalized));
    }

    [Fact]
    public void Compact_matches_bitcoin_genesis_bits_and_exact_small_values()
    {
        // Bitcoin's genesis target 0x00000000ffff0000...0000.
        var genesis = new BigInteger(0xffff) << (8 * 26);
        Assert.Equal(0x1d00ffffu, PowTarget.ToCompact(genesis));
        Assert.Equal(genesis, PowTarget.FromCompact(0x1d00ffff));

        foreach (var value in new BigInteger[] { 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7f_ffff, 0x80_0000, 0x1234_5678 })
        {
            var normalized = PowTarget.Normalize(value);
            Assert.Equal(normalized, PowTarget.FromCompact(PowTarget.ToCompact(normalized)));
            Assert.True(normalized <= value);
        }

        Assert.Equal(new BigInteger(0x80_0000), PowTarget.Normalize(0x80_0000));
        Assert.Equal(new BigInteger(0x1234_5600), PowTarget.Normalize(0x1234_5678));
        Assert.Equal(0x2100_ffffu, PowTarget.ToCompact(PowTarget.Max));
        Assert.Equal(new BigInteger(0xffff) << 240, PowTarget.Normalize(PowTarget.Max));
    }

    [Theory]
    [InlineData(0x1d80_0000u)] // mantissa sign bit
    [InlineData(0x1d00_0000u)] // zero mantissa
    [InlineData(0x1d00_7fffu)] // same value as 0x1c7fff00: not the canonical spelling
    [InlineData(0x2200_ffffu)] // exponent 34: above 2^256
    [InlineData(0x0100_00ffu)] // 0xff >> 16 = 0
    public void Non_canonical_compact_bits_are_rejected(uint bits)
    {
        Assert.False(PowTarget.TryFromCompact(bits, out _));
        Assert.Throws<FormatException>(() => PowTarget.FromCompact(bits));
    }

    [Fact]
    public void Work_halves_when_the_target_doubles()
    {
        var easy = PowTarget.FromLeadingZeroBits(8);
        var hard = PowTarget.FromLeadingZeroBits(9);
        Assert.Equal(new BigInteger(256), PowTarget.Work(easy));
        Assert.Equal(new BigInteger(512), PowTarget.Work(hard));
        Assert.Equal(BigInteger.One, PowTarget.Work(PowTarget.Max));
    }

    [Fact]
    public void Seal_encodes_to_thirteen_bytes_and_decodes_back()
    {
        var target = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(20));
        var seal = PowSeal.For(target, 0x0102_0304_0506_0708);
        var bytes = seal.Encode();

        Assert.Equal(PowSeal.Size, bytes.Length);
        Assert.Equal(
            [1, 0x1e, 0x0f, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8],
            bytes);
        var decoded = PowSeal.Decode(bytes);
        Assert.Equal(seal, decoded);
        Assert.Equal(target, decoded.Target);
    }

    [Fact]
    public void Seal_for_a_target_below_compact_precision_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PowSeal.For(PowTarget.FromLeadingZeroBits(20), 0));
    }

    [Theory]
    [InlineData("", DecodeError.Truncated, "empty")]
    [InlineData("02 1e0fffff 0000000000000000", DecodeError.UnsupportedVersion, "version 2")]
    [InlineData("00 1e0fffff 0000000000000000", DecodeError.UnsupportedVersion, "version 0")]
    [InlineData("01 1e0fffff 00000000000000", DecodeError.Truncated, "needs 8")]
    [InlineData("01 1e0fffff 0000000000000000 00", DecodeError.TrailingBytes, "trailing")]
    [InlineData("01 1e8fffff 0000000000000000", DecodeError.InvalidValue, "not canonical")]
    public void Malformed_seals_fail_with_a_typed_error(string hex, DecodeError error, string message)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var e = Assert.Throws<DecodeException>(() => PowSeal.Decode(bytes));
        Assert.Equal(error, e.Error);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.False(PowSeal.TryDecode(bytes, out _, out var text));
        Assert.Equal(e.Message, text);
    }
}
