using EnergyChain.P2P.Scoring;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Scoring;

public sealed class PeerScoreBookTests
{
    [Fact]
    public void Bans_at_the_threshold_and_lifts_the_ban_after_the_ban_time()
    {
        var time = new FakeTimeProvider();
        var book = new PeerScoreBook(new PeerScoreOptions { BanThreshold = 100, BanDuration = TimeSpan.FromMinutes(5) }, time);
        var peer = TestNetwork.Bob.PublicKey;

        for (var i = 0; i < 4; i++)
        {
            Assert.False(book.Report(peer, Misbehaviour.InvalidMessage));
        }

        Assert.Equal(80, book.ScoreOf(peer));
        Assert.False(book.IsBanned(peer));
        Assert.True(book.Report(peer, Misbehaviour.InvalidMessage));
        Assert.True(book.IsBanned(peer));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(5), book.BannedUntil(peer));

        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.True(book.IsBanned(peer));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.False(book.IsBanned(peer));
        Assert.Equal(0, book.ScoreOf(peer));
    }

    [Fact]
    public void An_invalid_frame_bans_at_once_and_peers_are_scored_separately()
    {
        var book = new PeerScoreBook(timeProvider: new FakeTimeProvider());
        Assert.True(book.Report(TestNetwork.Bob.PublicKey, Misbehaviour.InvalidFrame));
        Assert.False(book.IsBanned(TestNetwork.Alice.PublicKey));
        Assert.False(book.Report(TestNetwork.Alice.PublicKey, Misbehaviour.Flood));
        Assert.Equal(10, book.ScoreOf(TestNetwork.Alice.PublicKey));
    }
}
