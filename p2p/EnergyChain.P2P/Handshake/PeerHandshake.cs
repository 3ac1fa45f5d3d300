using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EnergyChain.Core.Crypto;
using EnergyChain.P2P.Framing;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Session;

namespace EnergyChain.P2P.Handshake;

/// <summary>
/// The authenticated key exchange (docs/p2p.md): both sides send <c>Hello</c> (chain id, genesis hash, node key,
/// ephemeral P-256 key, nonce), check it, then send <c>Auth</c>: the node key's signature over the transcript
/// hash and their role. Session keys come from ECDH + HKDF-SHA256 salted with the transcript hash.
/// </summary>
public static class PeerHandshake
{
    /// <summary>Handshake frames are small; an unauthenticated peer cannot make us allocate more.</summary>
    public const int MaxHandshakeFrameSize = 1024;

    private static readonly byte[] TranscriptTag = Encoding.ASCII.GetBytes("EnergyChain/p2p/handshake/v1");
    private static readonly byte[] AuthTag = Encoding.ASCII.GetBytes("EnergyChain/p2p/auth/v1");
    private static readonly byte[] KeyInfo = Encoding.ASCII.GetBytes("EnergyChain/p2p/session-keys/v1");

    public static async Task<HandshakeResult> RunAsync(
        Stream stream, HandshakeRole role, HandshakeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        using var timeout = new CancellationTokenSource(options.Timeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await RunCoreAsync(stream, role, options, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HandshakeException(HandshakeError.Timeout, $"handshake did not finish within {options.Timeout}", ex);
        }
        catch (FrameException ex)
        {
            throw new HandshakeException(HandshakeError.Malformed, $"handshake frame: {ex.Message}", ex);
        }
        catch (MessageException ex)
        {
            throw new HandshakeException(HandshakeError.Malformed, $"handshake message: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw new HandshakeException(HandshakeError.ConnectionClosed, $"connection failed during the handshake: {ex.Message}", ex);
        }
    }

    /// <summary>The transcript hash both sides sign (exposed for tests and docs).</summary>
    public static Hash256 TranscriptHash(string chainId, Hash256 genesisHash, HelloMessage initiator, HelloMessage responder)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        ArgumentNullException.ThrowIfNull(initiator);
        ArgumentNullException.ThrowIfNull(responder);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(TranscriptTag);
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(u32, MessageCodec.ProtocolVersion);
        sha.AppendData(u32);
        var chain = Encoding.UTF8.GetBytes(chainId);
        sha.AppendData([(byte)chain.Length]);
        sha.AppendData(chain);
        sha.AppendData(genesisHash.ToArray());
        foreach (var hello in new[] { initiator, responder })
        {
            sha.AppendData(hello.NodeKey.Span);
            sha.AppendData(hello.EphemeralKey);
            sha.AppendData(hello.Nonce);
        }

        Span<byte> digest = stackalloc byte[Hash256.Size];
        sha.GetHashAndReset(digest);
        return new Hash256(digest);
    }

    /// <summary>What the side with <paramref name="role"/> signs: SHA-256(tag || role || transcript hash).</summary>
    public static Hash256 AuthDigest(Hash256 transcriptHash, HandshakeRole role)
    {
        Span<byte> data = stackalloc byte[1 + Hash256.Size];
        data[0] = role == HandshakeRole.Initiator ? (byte)'I' : (byte)'R';
        transcriptHash.CopyTo(data[1..]);
        return Hash256.ComputeTagged(AuthTag, data);
    }

    private static async Task<HandshakeResult> RunCoreAsync(
        Stream stream, HandshakeRole role, HandshakeOptions options, CancellationToken cancellationToken)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var local = new HelloMessage(
            MessageCodec.ProtocolVersion,
            options.ChainId,
            options.GenesisHash,
            options.NodeKey.PublicKey,
            ExportPoint(ephemeral),
            RandomNumberGenerator.GetBytes(MessageCodec.NonceSize));

        // Both sides send first and then read: no round trip is wasted and neither side waits on the other.
        await FrameCodec.WriteFrameAsync(stream, MessageCodec.EncodeHello(local), MaxHandshakeFrameSize, cancellationToken)
            .ConfigureAwait(false);
        var remote = MessageCodec.DecodeHello(await ReadFrameAsync(stream, cancellationToken).ConfigureAwait(false));
        CheckHello(remote, options);

        var transcript = role == HandshakeRole.Initiator
            ? TranscriptHash(options.ChainId, options.GenesisHash, local, remote)
            : TranscriptHash(options.ChainId, options.GenesisHash, remote, local);
        var remoteRole = role == HandshakeRole.Initiator ? HandshakeRole.Responder : HandshakeRole.Initiator;

        var signature = options.NodeKey.Sign(AuthDigest(transcript, role));
        await FrameCodec.WriteFrameAsync(stream, MessageCodec.EncodeAuth(signature), MaxHandshakeFrameSize, cancellationToken)
            .ConfigureAwait(false);
        var remoteSignature = MessageCodec.DecodeAuth(await ReadFrameAsync(stream, cancellationToken).ConfigureAwait(false));

        Span<byte> digest = stackalloc byte[Hash256.Size];
        AuthDigest(transcript, remoteRole).CopyTo(digest);
        if (!options.NodeKey.Crypto.Verify(remote.NodeKey.Span, digest, remoteSignature))
        {
            throw new HandshakeException(HandshakeError.BadSignature, $"peer {remote.NodeKey} did not sign the handshake transcript");
        }

        var session = DeriveSession(ephemeral, remote.EphemeralKey, transcript, role);
        return new HandshakeResult(remote.NodeKey, role, transcript, session);
    }

    private static async Task<byte[]> ReadFrameAsync(Stream stream, CancellationToken cancellationToken) =>
        await FrameCodec.ReadFrameAsync(stream, MaxHandshakeFrameSize, cancellationToken).ConfigureAwait(false)
        ?? throw new HandshakeException(HandshakeError.ConnectionClosed, "peer closed the connection during the handshake");

    private static void CheckHello(HelloMessage remote, HandshakeOptions options)
    {
        if (remote.ProtocolVersion != MessageCodec.ProtocolVersion)
        {
            throw new HandshakeException(HandshakeError.ProtocolVersionMismatch,
                $"peer speaks protocol {remote.ProtocolVersion}, this node {MessageCodec.ProtocolVersion}");
        }

        if (!string.Equals(remote.ChainId, options.ChainId, StringComparison.Ordinal))
        {
            throw new HandshakeException(HandshakeError.WrongChainId, $"peer is on chain '{remote.ChainId}', this node on '{options.ChainId}'");
        }

        if (remote.GenesisHash != options.GenesisHash)
        {
            throw new HandshakeException(HandshakeError.WrongGenesis, $"peer genesis {remote.GenesisHash} differs from {options.GenesisHash}");
        }

        if (remote.NodeKey.Equals(options.NodeKey.PublicKey))
        {
            throw new HandshakeException(HandshakeError.SelfConnection, "peer presented this node's own key");
        }

        if (!options.Membership.IsMember(remote.NodeKey))
        {
            throw new HandshakeException(HandshakeError.NotMember, $"node key {remote.NodeKey} is not a member");
        }

        if (options.ScoreBook?.IsBanned(remote.NodeKey) == true)
        {
            throw new HandshakeException(HandshakeError.Banned, $"node key {remote.NodeKey} is banned");
        }
    }

    private static byte[] ExportPoint(ECDiffieHellman key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var point = new byte[MessageCodec.EphemeralKeySize];
        point[0] = 0x04;
        parameters.Q.X!.CopyTo(point, 1);
        parameters.Q.Y!.CopyTo(point, 33);
        return point;
    }

    private static SecureSession DeriveSession(
        ECDiffieHellman ephemeral, byte[] remotePoint, Hash256 transcript, HandshakeRole role)
    {
        byte[] shared;
        try
        {
            using var remoteKey = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = remotePoint[1..33], Y = remotePoint[33..65] },
            });
            shared = ephemeral.DeriveRawSecretAgreement(remoteKey.PublicKey);
        }
        catch (CryptographicException ex)
        {
            // The signature covered this point, so only a buggy or hostile member gets here.
            throw new HandshakeException(HandshakeError.BadSignature, "peer's ephemeral key is not a valid P-256 point", ex);
        }

        Span<byte> keys = stackalloc byte[2 * SecureSession.KeySize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, keys, transcript.ToArray(), KeyInfo);
        CryptographicOperations.ZeroMemory(shared);
        var initiatorToResponder = keys[..SecureSession.KeySize];
        var responderToInitiator = keys[SecureSession.KeySize..];
        var session = role == HandshakeRole.Initiator
            ? new SecureSession(initiatorToResponder, responderToInitiator)
            : new SecureSession(responderToInitiator, initiatorToResponder);
        CryptographicOperations.ZeroMemory(keys);
        return session;
    }
}
