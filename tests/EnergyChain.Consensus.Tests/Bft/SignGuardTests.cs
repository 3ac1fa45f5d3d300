using EnergyChain.Consensus.Bft;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Tests.Bft;

public sealed class SignGuardTests
{
    private static readonly Hash256 A = Hash256.Compute("a"u8);
    private static readonly Hash256 B = Hash256.Compute("b"u8);

    [Fact]
    public void Refuses_anything_before_the_last_signature_or_different_at_the_same_position()
    {
        var guard = new SignGuard();
        Assert.True(guard.TryRecord(5, 0, 1, A));
        Assert.True(guard.TryRecord(5, 0, 1, A)); // the same signature again is harmless
        Assert.False(guard.TryRecord(5, 0, 1, B));
        Assert.False(guard.TryRecord(5, 0, 0, A));
        Assert.False(guard.TryRecord(4, 9, 2, A));
        Assert.True(guard.TryRecord(5, 0, 2, B));
        Assert.True(guard.TryRecord(5, 1, 1, Hash256.Zero));
        Assert.True(guard.TryRecord(6, 0, 0, A));
    }

    [Fact]
    public void The_file_guard_remembers_across_a_restart_and_refuses_a_damaged_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sign-state-{Guid.NewGuid():N}.bin");
        try
        {
            Assert.True(new FileSignGuard(path).TryRecord(7, 2, 2, A));
            var restarted = new FileSignGuard(path);
            Assert.Equal((7UL, 2U, (byte)2, A), restarted.Last);
            Assert.False(restarted.TryRecord(7, 2, 2, B));
            Assert.False(restarted.TryRecord(7, 2, 1, A));
            Assert.True(restarted.TryRecord(7, 3, 0, B));

            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Throws<InvalidDataException>(() => new FileSignGuard(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
