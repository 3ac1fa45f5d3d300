using System.Diagnostics;
using System.Numerics;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using Xunit.Abstractions;

namespace EnergyChain.Consensus.Tests.Pow;

public sealed class PowSealTests(ITestOutputHelper output)
{
    private static readonly PrivateKey Miner = PrivateKey.FromSeed("pow/miner");
    private static readonly PrivateKey Other = PrivateKey.FromSeed("pow/other");

    private static PowParameters Parameters(int bits) => new()
    {
        TargetBlockMs = 1000,
        InitialTarget = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(bits)),
        MaxTarget = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(Math.Min(bits, 8))),
        RetargetInterval = 4,
        MaxAdjustmentFactor = 4,
    };

    private static (BlockHeader Draft, SealContext Context) Draft(UnminedChain chain) =>
        (new BlockHeader
        {
            Height = chain.Tip.Height + 1,
            ParentHash = chain.Tip.Hash,
            Timestamp = chain.Tip.Timestamp + 1000,
            TxRoot = Hash256.Compute("txs"u8),
            StateRoot = Hash256.Compute("state"u8),
        }, new SealContext(chain.Tip, chain.Book));

    private static async Task<(BlockHeader Sealed, SealContext Context, PowSealValidator Validator)> MineOne(int bits, int threads = 0)
    {
        var p = Parameters(bits);
        var chain = new UnminedChain(p);
        var (draft, context) = Draft(chain);
        var sealer = new PowSealer(p, Miner, threads);
        var sealedHeader = await sealer.SealAsync(draft, context, CancellationToken.None);
        return (sealedHeader, context, new PowSealValidator(p));
    }

    [Fact]
    public async Task A_sealed_header_carries_a_valid_signed_proof_of_work()
    {
        var (sealedHeader, context, validator) = await MineOne(bits: 8);

        Assert.Equal(SealVerdict.Valid, validator.Validate(sealedHeader, context));
        var seal = PowSeal.Decode(sealedHeader.ConsensusData.Span);
        Assert.Equal(PowTarget.Normalize(PowTarget.FromLeadingZeroBits(8)), seal.Target);
        Assert.True(PowHash.Meets(PowHash.Compute(sealedHeader), seal.Target));
        Assert.Equal(0, PowHash.Compute(sealedHeader).ToArray()[0]);
        Assert.Equal(Miner.PublicKey, sealedHeader.ProducerKey);
        Assert.True(sealedHeader.VerifySignature(Miner.Crypto));
    }

    [Fact]
    public void The_pow_preimage_is_the_core_header_encoding_without_the_signature()
    {
        var header = new BlockHeader
        {
            Height = 7,
            ParentHash = Hash256.Compute("p"u8),
            Timestamp = 123,
            Slot = 4,
            TxRoot = Hash256.Compute("t"u8),
            StateRoot = Hash256.Compute("s"u8),
            ConsensusData = new PowSeal(0x1f00ffff, 42).Encode(),
        }.SignWith(Miner);
        var preimage = PowHash.Preimage(header);

        // The block id is the core's tagged hash of the same unsigned bytes.
        Assert.Equal(header.Hash, Hash256.ComputeTagged("EnergyChain/block/v1"u8, preimage.AsSpan(PowHash.Tag.Length)));
        Assert.Equal(Hash256.ComputeTagged(PowHash.Tag, preimage.AsSpan(PowHash.Tag.Length)), PowHash.Compute(header));
        Assert.Equal(new PowSeal(0x1f00ffff, 42).Encode(), preimage[^PowSeal.Size..]);

        // The signature is not mined over; the producer is.
        var resigned = header with { Signature = new byte[Signature.Size] };
        Assert.Equal(PowHash.Compute(header), PowHash.Compute(resigned));
        Assert.NotEqual(PowHash.Compute(header), PowHash.Compute(header.SignWith(Other)));
    }

    [Fact]
    public async Task Single_threaded_sealing_finds_the_lowest_nonce_and_is_reproducible()
    {
        var (first, _, _) = await MineOne(bits: 10, threads: 1);
        var (second, _, _) = await MineOne(bits: 10, threads: 1);
        var nonce = PowSeal.Decode(first.ConsensusData.Span).Nonce;
        Assert.Equal(nonce, PowSeal.Decode(second.ConsensusData.Span).Nonce);

        var target = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(10));
        for (ulong n = 0; n < nonce; n++)
        {
            var attempt = first with { ConsensusData = PowSeal.For(target, n).Encode() };
            Assert.False(PowHash.Meets(PowHash.Compute(attempt), target), $"nonce {n} already met the target");
        }
    }

    public static TheoryData<string> Tampers => ["nonce", "target", "producer", "tx root", "state root", "timestamp", "slot"];

    [Theory]
    [MemberData(nameof(Tampers))]
    public async Task Changing_a_mined_field_breaks_the_proof_of_work(string field)
    {
        // 20 bits and one thread: the nonce is deterministic, and a changed header meets the target with
        // probability 2^-20, so this is a fixed outcome, not a flaky one.
        var (sealedHeader, context, validator) = await MineOne(bits: 20, threads: 1);
        var seal = PowSeal.Decode(sealedHeader.ConsensusData.Span);
        var tampered = field switch
        {
            "nonce" => sealedHeader with { ConsensusData = (seal with { Nonce = seal.Nonce + 1 }).Encode() },
            "target" => sealedHeader with { ConsensusData = PowSeal.For(PowTarget.Normalize(PowTarget.FromLeadingZeroBits(21)), seal.Nonce).Encode() },
            "producer" => sealedHeader.SignWith(Other),
            "tx root" => sealedHeader with { TxRoot = Hash256.Compute("other txs"u8) },
            "state root" => sealedHeader with { StateRoot = Hash256.Compute("other state"u8) },
            "timestamp" => sealedHeader with { Timestamp = sealedHeader.Timestamp + 1 },
            "slot" => sealedHeader with { Slot = 1 },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.NotEqual(PowHash.Compute(sealedHeader), PowHash.Compute(tampered));
        var verdict = validator.Validate(tampered, context);
        Assert.False(verdict.IsValid);
        Assert.Contains("does not meet target", verdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_other_than_the_expected_one_is_rejected_even_with_valid_work()
    {
        var (sealedHeader, context, validator) = await MineOne(bits: 12);
        var seal = PowSeal.Decode(sealedHeader.ConsensusData.Span);

        // Easier than expected, with real work for the claimed target (a miner choosing its own difficulty).
        var easier = await new PowSealer(Parameters(11), Miner).SealAsync(sealedHeader, context, CancellationToken.None);
        Assert.True(PowHash.Meets(PowHash.Compute(easier), PowSeal.Decode(easier.ConsensusData.Span).Target));
        var verdict = validator.Validate(easier, context);
        Assert.False(verdict.IsValid);
        Assert.Contains("not the expected", verdict.Error, StringComparison.Ordinal);

        // Harder than expected is refused too: otherwise a miner could inflate its branch's work with one lucky block.
        var harder = await new PowSealer(Parameters(13), Miner).SealAsync(sealedHeader, context, CancellationToken.None);
        verdict = validator.Validate(harder, context);
        Assert.False(verdict.IsValid);
        Assert.Contains("not the expected", verdict.Error, StringComparison.Ordinal);

        // Above the minimum difficulty: rejected before any ancestor is read.
        var tooEasy = sealedHeader with { ConsensusData = PowSeal.For(PowTarget.Normalize(PowTarget.FromLeadingZeroBits(4)), seal.Nonce).Encode() };
        verdict = validator.Validate(tooEasy, context);
        Assert.False(verdict.IsValid);
        Assert.Contains("minimum difficulty", verdict.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("02 1f00ffff 0000000000000000", "version 2")]
    [InlineData("01 1f00ffff 0000000000000000 ff", "trailing")]
    [InlineData("01 1f00ffff 00", "needs 8")]
    [InlineData("01 1f80ffff 0000000000000000", "not canonical")]
    public async Task Malformed_consensus_data_is_rejected_with_a_reason(string hex, string reason)
    {
        var (sealedHeader, context, validator) = await MineOne(bits: 8);
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var verdict = validator.Validate(sealedHeader with { ConsensusData = bytes }, context);
        Assert.False(verdict.IsValid);
        Assert.Contains("PoW seal", verdict.Error, StringComparison.Ordinal);
        Assert.Contains(reason, verdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_on_another_parent_or_without_producer_is_rejected()
    {
        var (sealedHeader, context, validator) = await MineOne(bits: 8);

        var elsewhere = validator.Validate(sealedHeader with { ParentHash = Hash256.Compute("x"u8) }, context);
        Assert.False(elsewhere.IsValid);
        Assert.Contains("does not extend", elsewhere.Error, StringComparison.Ordinal);

        var anonymous = validator.Validate(sealedHeader with { Producer = new byte[PublicKey.Size] }, context);
        Assert.False(anonymous.IsValid);
        Assert.Contains("producer", anonymous.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mined_blocks_follow_the_retarget_and_every_node_accepts_them()
    {
        // Blocks 100 ms apart against a 1 s goal: each window makes the target 4x harder (8, 10, 12 bits).
        var p = Parameters(8) with { RetargetInterval = 2 };
        var chain = new UnminedChain(p);
        var sealer = new PowSealer(p, Miner);
        var validator = new PowSealValidator(p);
        var work = BigInteger.Zero;
        for (var i = 0; i < 6; i++)
        {
            var (draft, context) = Draft(chain);
            var mined = await sealer.SealAsync(draft with { Timestamp = chain.Tip.Timestamp + 100 }, context, CancellationToken.None);
            Assert.Equal(SealVerdict.Valid, validator.Validate(mined, context));
            chain.Headers.Add(mined);
            chain.Book.Add(mined);
            work = PowWork.Cumulative(work, mined);
        }

        var t8 = PowTarget.Normalize(PowTarget.FromLeadingZeroBits(8));
        var t10 = PowTarget.Normalize(t8 / 4);
        var t12 = PowTarget.Normalize(t10 / 4);
        Assert.Equal([t8, t8, t10, t10, t12, t12], chain.Headers.Skip(1).Select(h => PowSeal.Decode(h.ConsensusData.Span).Target));
        Assert.Equal(2 * (PowTarget.Work(t8) + PowTarget.Work(t10) + PowTarget.Work(t12)), work);
        Assert.InRange(PowTarget.Work(t12), new BigInteger(4096), new BigInteger(4097));
        Assert.Equal(work, PowWork.Sum(chain.Headers));
        Assert.True(sealer.HashesComputed > 0);
    }

    [Fact]
    public async Task Cancellation_stops_sealing_promptly()
    {
        var p = Parameters(bits: 64);
        var chain = new UnminedChain(p);
        var (draft, context) = Draft(chain);
        var sealer = new PowSealer(p, Miner);
        using var cts = new CancellationTokenSource();
        var sealing = sealer.SealAsync(draft, context, cts.Token);
        await Task.Delay(200);
        Assert.False(sealing.IsCompleted);
        var stopwatch = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sealing);
        stopwatch.Stop();

        Assert.True(stopwatch.ElapsedMilliseconds < 500, $"took {stopwatch.ElapsedMilliseconds} ms to stop");
        var after = sealer.HashesComputed;
        Assert.True(after > 0);
        await Task.Delay(50);
        Assert.Equal(after, sealer.HashesComputed);

        // A token that already fired never starts a search.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sealer.SealAsync(draft, context, cts.Token));
        Assert.Equal(after, sealer.HashesComputed);
    }

    [Fact]
    public async Task Hashrate_is_measurable_from_the_counter()
    {
        var p = Parameters(bits: 64);
        var chain = new UnminedChain(p);
        var (draft, context) = Draft(chain);
        foreach (var threads in new[] { 1, Environment.ProcessorCount })
        {
            var sealer = new PowSealer(p, Miner, threads);
            using var cts = new CancellationTokenSource();
            var stopwatch = Stopwatch.StartNew();
            var sealing = sealer.SealAsync(draft, context, cts.Token);
            await Task.Delay(1000);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sealing);
            var hashes = sealer.HashesComputed;
            var rate = hashes * 1000 / Math.Max(1, stopwatch.ElapsedMilliseconds);
            output.WriteLine($"threads={threads}: {hashes} hashes in {stopwatch.ElapsedMilliseconds} ms = {rate} H/s");
            Assert.True(hashes > PowSealer.BatchSize);
        }
    }

    [Fact]
    public async Task Sealing_a_header_for_the_wrong_parent_is_refused()
    {
        var p = Parameters(8);
        var chain = new UnminedChain(p);
        var (draft, context) = Draft(chain);
        await Assert.ThrowsAsync<ArgumentException>(() => new PowSealer(p, Miner).SealAsync(draft with { Height = 2 }, context, CancellationToken.None));
    }
}
