using System.Security.Cryptography;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Handshake;
using EnergyChain.P2P.Messages;

namespace EnergyChain.P2P.Tests.Support;

/// <summary>Keys, chain id and genesis hash shared by the P2P tests.</summary>
public static class TestNetwork
{
    public const string ChainId = "energychain-p2p-test";

    public static readonly PrivateKey Alice = PrivateKey.FromSeed("p2p/alice");
    public static readonly PrivateKey Bob = PrivateKey.FromSeed("p2p/bob");
    public static readonly PrivateKey Mallory = PrivateKey.FromSeed("p2p/mallory");

    public static readonly Hash256 GenesisHash = Hash256.Compute("p2p test genesis"u8);

    public static readonly IMembership Members = new StaticMembership([Alice.PublicKey, Bob.PublicKey]);

    public static HandshakeOptions Options(PrivateKey key, TimeProvider? time = null) => new()
    {
        NodeKey = key,
        ChainId = ChainId,
        GenesisHash = GenesisHash,
        Membership = Members,
        Timeout = TimeSpan.FromSeconds(20),
        TimeProvider = time ?? TimeProvider.System,
    };

    /// <summary>Runs both sides of a handshake concurrently and returns both results or exceptions.</summary>
    public static async Task<(Task<HandshakeResult> Initiator, Task<HandshakeResult> Responder)> HandshakeBothAsync(
        LoopbackPair pair, HandshakeOptions initiator, HandshakeOptions responder)
    {
        var i = Task.Run(() => RunAndCloseOnErrorAsync(pair.Initiator, HandshakeRole.Initiator, initiator));
        var r = Task.Run(() => RunAndCloseOnErrorAsync(pair.Responder, HandshakeRole.Responder, responder));
        try
        {
            await Task.WhenAll(i, r);
        }
        catch (HandshakeException)
        {
            // Inspected by the caller.
        }

        return (i, r);
    }

    /// <summary>Like a node would: a refused handshake closes the stream, so the other side cannot hang.</summary>
    public static async Task<HandshakeResult> RunAndCloseOnErrorAsync(Stream stream, HandshakeRole role, HandshakeOptions options)
    {
        try
        {
            return await PeerHandshake.RunAsync(stream, role, options);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public static HandshakeError ErrorOf(Task<HandshakeResult> task)
    {
        Assert.True(task.IsFaulted, "handshake should have failed");
        return Assert.IsType<HandshakeException>(task.Exception!.InnerException).Error;
    }

    /// <summary>
    /// A hand-rolled peer that sends a Hello claiming <paramref name="claimedKey"/> and an Auth signed by
    /// <paramref name="signingKey"/>, optionally with one signature byte flipped.
    /// </summary>
    public static async Task ForgeHandshakeAsync(
        Stream stream, HandshakeRole role, PrivateKey claimedKey, PrivateKey signingKey, bool flipSignatureByte)
    {
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = ecdh.ExportParameters(false).Q;
        var point = new byte[65];
        point[0] = 0x04;
        q.X!.CopyTo(point, 1);
        q.Y!.CopyTo(point, 33);
        var local = new HelloMessage(1, ChainId, GenesisHash, claimedKey.PublicKey, point, RandomNumberGenerator.GetBytes(32));
        await FrameCodec.WriteFrameAsync(stream, MessageCodec.EncodeHello(local), 1024, CancellationToken.None);
        var remoteFrame = await FrameCodec.ReadFrameAsync(stream, 1024, CancellationToken.None);
        var remote = MessageCodec.DecodeHello(remoteFrame!);
        var transcript = role == HandshakeRole.Initiator
            ? PeerHandshake.TranscriptHash(ChainId, GenesisHash, local, remote)
            : PeerHandshake.TranscriptHash(ChainId, GenesisHash, remote, local);
        var signature = signingKey.Sign(PeerHandshake.AuthDigest(transcript, role));
        if (flipSignatureByte)
        {
            signature[10] ^= 0x01;
        }

        await FrameCodec.WriteFrameAsync(stream, MessageCodec.EncodeAuth(signature), 1024, CancellationToken.None);
    }
}
