using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// Mines blocks: writes the expected target into the seal, searches nonces until the <see cref="PowHash"/> meets
/// it, then signs as the producer. The search runs on <see cref="Threads"/> dedicated threads (all cores by
/// default); thread i tries nonces i, i + n, i + 2n, ... so no two threads repeat work.
/// <para>
/// Hot loop: the preimage is encoded once per thread; each attempt rewrites only the 8 nonce bytes at its end and
/// hashes them with a per-thread <see cref="IncrementalHash"/> into a stack buffer, comparing the digest to the
/// big-endian target bytes. No allocation, no BigInteger per attempt.
/// </para>
/// </summary>
public sealed class PowSealer : ISealer
{
    /// <summary>
    /// Attempts between checks of the cancellation token and the "someone found it" flag, and between updates of
    /// <see cref="HashesComputed"/>. At about a microsecond per hash this is a few milliseconds per thread: prompt
    /// cancellation, and the checks and the shared counter's cache line cost nothing measurable.
    /// </summary>
    public const int BatchSize = 4096;

    private readonly PrivateKey _producer;
    private long _hashes;

    /// <param name="parameters">The chain's PoW parameters (for the expected target).</param>
    /// <param name="producer">The key the blocks are mined for and signed with.</param>
    /// <param name="threads">Mining threads; 0 means one per logical processor.</param>
    public PowSealer(PowParameters parameters, PrivateKey producer, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Difficulty = new PowDifficulty(parameters);
        _producer = producer;
        Threads = threads == 0 ? Environment.ProcessorCount : threads;
    }

    public PowDifficulty Difficulty { get; }

    public int Threads { get; }

    public PublicKey Producer => _producer.PublicKey;

    /// <summary>Hashes tried so far by this sealer, over all blocks (for hashrate reporting); updated per batch.</summary>
    public long HashesComputed => Interlocked.Read(ref _hashes);

    public async Task<BlockHeader> SealAsync(BlockHeader header, SealContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (header.Height != context.Parent.Height + 1 || header.ParentHash != context.Parent.Hash)
        {
            throw new ArgumentException($"block {header.Height} does not extend the given parent at height {context.Parent.Height}", nameof(header));
        }

        var target = Difficulty.ExpectedTarget(context.Parent, context.Headers);
        var bits = PowTarget.ToCompact(target);

        // The producer key is part of the mined bytes, so it is fixed before mining; the signature is not.
        var template = header with
        {
            Producer = _producer.PublicKey.ToArray(),
            ConsensusData = new PowSeal(bits, 0).Encode(),
            Signature = new byte[Signature.Size],
        };
        var preimage = PowHash.Preimage(template);
        var nonceOffset = preimage.Length - sizeof(ulong);
        if (!preimage.AsSpan(preimage.Length - PowSeal.Size).SequenceEqual(template.ConsensusData.Span))
        {
            // The in-place nonce patch relies on the seal being the last field of the unsigned header.
            throw new InvalidOperationException("the header encoding no longer ends with the consensus data");
        }

        var targetBytes = new byte[Hash256.Size];
        PowTarget.WriteBigEndian(target, targetBytes);
        var search = new NonceSearch(this, preimage, nonceOffset, targetBytes, Threads, cancellationToken);
        var workers = new Task[Threads];
        for (var i = 0; i < Threads; i++)
        {
            var first = (ulong)i;
            workers[i] = Task.Factory.StartNew(
                () => search.Run(first),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        if (!search.TryGetNonce(out var nonce))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException(
                $"all 2^64 nonces of block {header.Height} miss the target; the header (timestamp) must change");
        }

        var mined = template with { ConsensusData = new PowSeal(bits, nonce).Encode() };
        var signed = mined.SignWith(_producer);
        if (!PowHash.Meets(PowHash.Compute(signed), target))
        {
            throw new InvalidOperationException("the signed header does not keep the mined proof of work");
        }

        return signed;
    }

    /// <summary>The target a sealer would name for the child of <paramref name="context"/>'s parent.</summary>
    public BigInteger TargetFor(SealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Difficulty.ExpectedTarget(context.Parent, context.Headers);
    }

    /// <summary>One block's search, shared by the worker threads.</summary>
    private sealed class NonceSearch(PowSealer owner, byte[] preimage, int nonceOffset, byte[] target, int stride, CancellationToken cancellationToken)
    {
        private int _done;
        private ulong _nonce;

        public bool TryGetNonce(out ulong nonce)
        {
            nonce = _nonce;
            return Volatile.Read(ref _done) == 1;
        }

        /// <summary>Tries nonces <paramref name="first"/>, first + stride, ... until found, cancelled or exhausted.</summary>
        public void Run(ulong first)
        {
            var buffer = (byte[])preimage.Clone();
            var nonceSlot = buffer.AsSpan(nonceOffset, sizeof(ulong));
            var goal = target.AsSpan();
            Span<byte> digest = stackalloc byte[Hash256.Size];
            var step = (ulong)stride;

            // One reusable hash object per thread: on Linux the one-shot SHA256.HashData sets up a fresh native
            // digest context per call, which measured about 1.6x slower for this ~190-byte preimage.
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var nonce = first;
            while (true)
            {
                var i = 0;
                var stop = false;
                for (; i < BatchSize && !stop; i++)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(nonceSlot, nonce);
                    sha.AppendData(buffer);
                    sha.GetHashAndReset(digest);
                    if (digest.SequenceCompareTo(goal) <= 0)
                    {
                        // 2 = claimed, 1 = nonce published: only the first finder writes the nonce.
                        if (Interlocked.CompareExchange(ref _done, 2, 0) == 0)
                        {
                            _nonce = nonce;
                            Volatile.Write(ref _done, 1);
                        }

                        stop = true;
                    }
                    else if (nonce > ulong.MaxValue - step)
                    {
                        stop = true;
                    }
                    else
                    {
                        nonce += step;
                    }
                }

                Interlocked.Add(ref owner._hashes, i);
                if (stop || cancellationToken.IsCancellationRequested || Volatile.Read(ref _done) != 0)
                {
                    return;
                }
            }
        }
    }
}
