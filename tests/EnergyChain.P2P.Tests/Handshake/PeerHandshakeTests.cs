using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Scoring;
using EnergyChain.P2P.Tests.Support;
using static EnergyChain.P2P.Tests.Support.TestNetwork;

namespace EnergyChain.P2P.Tests.Handshake;

public sealed class PeerHandshakeTests
{
    [Fact]
    public async Task Two_members_authenticate_each_other_over_loopback_tcp()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (i, r) = await HandshakeBothAsync(pair, Options(Alice), Options(Bob));
        var initiator = await i;
        var responder = await r;
        using (initiator.Session)
        using (responder.Session)
        {
            Assert.Equal(Bob.PublicKey, initiator.RemoteKey);
            Assert.Equal(Alice.PublicKey, responder.RemoteKey);
            Assert.Equal(initiator.TranscriptHash, responder.TranscriptHash);

            // The derived directional keys match: what one seals the other opens.
            Assert.Equal("hi"u8.ToArray(), responder.Session.Open(initiator.Session.Seal("hi"u8)));
            Assert.Equal("ho"u8.ToArray(), initiator.Session.Open(responder.Session.Seal("ho"u8)));
        }
    }

    [Fact]
    public async Task A_non_member_is_refused()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var malloryOptions = Options(Mallory) with { Membership = new StaticMembership([Alice.PublicKey, Bob.PublicKey, Mallory.PublicKey]) };
        var (i, r) = await HandshakeBothAsync(pair, malloryOptions, Options(Bob));
        Assert.Equal(HandshakeError.NotMember, ErrorOf(r));
        Assert.True(i.IsFaulted);
    }

    [Fact]
    public async Task A_wrong_chain_id_is_refused()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (i, r) = await HandshakeBothAsync(pair, Options(Alice) with { ChainId = "another-chain" }, Options(Bob));
        Assert.Equal(HandshakeError.WrongChainId, ErrorOf(r));
        Assert.Equal(HandshakeError.WrongChainId, ErrorOf(i));
    }

    [Fact]
    public async Task A_wrong_genesis_hash_is_refused()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (i, r) = await HandshakeBothAsync(pair, Options(Alice) with { GenesisHash = Hash256.Compute("other"u8) }, Options(Bob));
        Assert.Equal(HandshakeError.WrongGenesis, ErrorOf(r));
        Assert.Equal(HandshakeError.WrongGenesis, ErrorOf(i));
    }

    [Fact]
    public async Task A_tampered_transcript_signature_is_refused()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var forger = ForgeHandshakeAsync(pair.Initiator, HandshakeRole.Initiator, Alice, Alice, flipSignatureByte: true);
        var honest = RunAndCloseOnErrorAsync(pair.Responder, HandshakeRole.Responder, Options(Bob));
        var ex = await Assert.ThrowsAsync<HandshakeException>(() => honest);
        Assert.Equal(HandshakeError.BadSignature, ex.Error);
        await forger;
    }

    [Fact]
    public async Task An_impostor_claiming_a_member_key_is_refused()
    {
        // Mallory claims Alice's node key but can only sign with her own.
        await using var pair = await LoopbackPair.CreateAsync();
        var forger = ForgeHandshakeAsync(pair.Responder, HandshakeRole.Responder, Alice, Mallory, flipSignatureByte: false);
        var honest = RunAndCloseOnErrorAsync(pair.Initiator, HandshakeRole.Initiator, Options(Bob));
        var ex = await Assert.ThrowsAsync<HandshakeException>(() => honest);
        Assert.Equal(HandshakeError.BadSignature, ex.Error);
        await forger;
    }

    [Fact]
    public async Task A_signature_replayed_under_the_other_role_is_refused()
    {
        // A correct signature, but made for the initiator role while the forger acts as responder.
        await using var pair = await LoopbackPair.CreateAsync();
        var forger = ForgeRoleConfusedAsync(pair.Responder);
        var honest = RunAndCloseOnErrorAsync(pair.Initiator, HandshakeRole.Initiator, Options(Bob));
        var ex = await Assert.ThrowsAsync<HandshakeException>(() => honest);
        Assert.Equal(HandshakeError.BadSignature, ex.Error);
        await forger;

        static Task ForgeRoleConfusedAsync(Stream stream) =>
            ForgeHandshakeAsync(stream, HandshakeRole.Initiator, Alice, Alice, flipSignatureByte: false);
    }

    [Fact]
    public async Task A_banned_member_is_refused()
    {
        var book = new PeerScoreBook();
        book.Report(Alice.PublicKey, Misbehaviour.InvalidFrame);
        await using var pair = await LoopbackPair.CreateAsync();
        var (_, r) = await HandshakeBothAsync(pair, Options(Alice), Options(Bob) with { ScoreBook = book });
        Assert.Equal(HandshakeError.Banned, ErrorOf(r));
    }

    [Fact]
    public async Task A_silent_peer_times_out()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.CreateAsync();
        var handshake = PeerHandshake.RunAsync(
            pair.Initiator, HandshakeRole.Initiator, Options(Alice, time) with { Timeout = TimeSpan.FromSeconds(5) });
        for (var step = 0; step < 10_000 && !handshake.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        var ex = await Assert.ThrowsAsync<HandshakeException>(() => handshake);
        Assert.Equal(HandshakeError.Timeout, ex.Error);
    }

    [Fact]
    public async Task Garbage_instead_of_a_hello_is_malformed()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var handshake = PeerHandshake.RunAsync(pair.Responder, HandshakeRole.Responder, Options(Bob));
        await pair.Initiator.WriteAsync(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
        var ex = await Assert.ThrowsAsync<HandshakeException>(() => handshake);
        Assert.Equal(HandshakeError.Malformed, ex.Error);
    }
}
