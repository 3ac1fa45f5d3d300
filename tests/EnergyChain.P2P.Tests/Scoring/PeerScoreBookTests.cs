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

    [Fact]
    public void Scores_decay_with_good_behaviour_so_rare_slips_never_add_up_to_a_ban()
    {
        var time = new FakeTimeProvider();
        var book = new PeerScoreBook(new PeerScoreOptions { DecayPerMinute = 10 }, time);
        var peer = TestNetwork.Bob.PublicKey;

        // Nine floods a minute would ban within two minutes without decay; an hour of one slip every
        // minute and a half does not.
        for (var i = 0; i < 40; i++)
        {
            Assert.False(book.Report(peer, Misbehaviour.Flood));
            time.Advance(TimeSpan.FromSeconds(90));
        }

        Assert.True(book.ScoreOf(peer) < 20);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, book.ScoreOf(peer));
    }

    [Fact]
    public void The_address_book_of_strangers_stays_bounded_and_keeps_live_bans()
    {
        var time = new FakeTimeProvider();
        var book = new AddressScoreBook(new PeerScoreOptions { MaxEntries = 100 }, time);
        var banned = System.Net.IPAddress.Parse("10.0.0.1");
        Assert.True(book.Report(banned, Misbehaviour.InvalidFrame));
        for (var i = 0; i < 1_000; i++)
        {
            book.Report(new System.Net.IPAddress(0x0B000000u + (uint)i), Misbehaviour.FailedHandshake);
        }

        Assert.True(book.IsBanned(banned));
        Assert.True(book.Count <= 100);
    }
}
