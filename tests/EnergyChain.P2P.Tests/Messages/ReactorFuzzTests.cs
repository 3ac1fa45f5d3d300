using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Storage;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Reactors;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Messages;

/// <summary>
/// Random and mutated inputs (<see cref="Fuzz.Iterations"/> per decoder, ENERGYCHAIN_FUZZ_ITERATIONS raises it) only
/// ever produce a <see cref="MessageException"/> from the reactor decoders, and nothing at all escapes block
/// decoding. Seeded, so a failure replays; the failing input is in the assertion message.
/// </summary>
public sealed class ReactorFuzzTests
{
    private static readonly Hash256[] Hashes = Enumerable.Range(0, 5).Select(ReactorCodecTests.SampleHash).ToArray();

    [Fact]
    public void Control_decoder_only_throws_message_errors() =>
        FuzzDecoder(11, [ReactorCodec.EncodePing(1), ReactorCodec.EncodePong(ulong.MaxValue)], b => ReactorCodec.DecodeControl(b));

    [Fact]
    public void Tx_gossip_decoder_only_throws_message_errors() =>
        FuzzDecoder(
            12,
            [
                ReactorCodec.EncodeTxAnnounce(Hashes[..1]),
                ReactorCodec.EncodeTxRequest(Hashes),
                ReactorCodec.EncodeTxBodies([new byte[] { 1, 2, 3 }, new byte[] { 4 }]),
            ],
            b => ReactorCodec.DecodeTxGossip(b));

    [Fact]
    public void Block_gossip_decoder_only_throws_message_errors() =>
        FuzzDecoder(13, [ReactorCodec.EncodeBlockGossip(ReactorCodecTests.SampleBlock)], b => ReactorCodec.DecodeBlockGossip(b));

    [Fact]
    public void Block_sync_decoder_only_throws_message_errors() =>
        FuzzDecoder(
            14,
            [
                ReactorCodec.EncodeSyncStatus(12, Hashes[0]),
                ReactorCodec.EncodeRangeRequest(1, 16),
                ReactorCodec.EncodeRangeResponse(3, [new byte[] { 1, 2 }, new byte[] { 3 }]),
            ],
            b => ReactorCodec.DecodeBlockSync(b));

    [Fact]
    public void Peer_exchange_decoder_only_throws_message_errors() =>
        FuzzDecoder(
            15,
            [
                ReactorCodec.EncodeListenPort(26656),
                ReactorCodec.EncodeAddressRequest(),
                ReactorCodec.EncodeAddresses(
                [
                    new PeerAddressInfo("127.0.0.1", 26656, PrivateKey.FromSeed("fuzz/pex").PublicKey),
                    new PeerAddressInfo("::1", 80, null),
                ]),
            ],
            b => ReactorCodec.DecodePeerExchange(b));

    [Fact]
    public void Consensus_decoder_only_throws_message_errors() =>
        FuzzDecoder(16, [ReactorCodec.EncodeConsensus(1, [1, 2, 3]), ReactorCodec.EncodeConsensus(255, [])], b => ReactorCodec.DecodeConsensus(b));

    [Fact]
    public void Block_decoding_never_throws()
    {
        var seeds = SampleBlocks().Select(b => b.Encode()).ToArray();
        var random = new Random(17);
        int ok = 0, refused = 0;
        for (var i = 0; i < Fuzz.Iterations; i++)
        {
            var input = Fuzz.Next(random, seeds[random.Next(seeds.Length)]);
            Block? block;
            try
            {
                block = ChainPort.TryDecode(input, out var error);
                if (block is null)
                {
                    Assert.False(string.IsNullOrEmpty(error), "a refusal must say why");
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"ChainPort.TryDecode threw {ex.GetType().Name} ({ex.Message}) for {Convert.ToHexString(input)}");
                return;
            }

            if (block is null)
            {
                refused++;
            }
            else
            {
                ok++;
            }
        }

        Assert.True(ok > 0 && refused > 0, $"decoded {ok}, refused {refused}");
    }

    /// <summary>An empty block and one with transactions, built on a real chain.</summary>
    private static IEnumerable<Block> SampleBlocks()
    {
        var members = new TestMembers(1, "reactor-fuzz");
        var chain = Blockchain.Open(new InMemoryBlockStore(), members.Genesis, new SignatureVerifier(CryptoBackends.Default));
        var producer = members.Keys[0];
        var empty = chain.Executor.BuildBlock(chain, [], producer, chain.Head.Timestamp + 1000).Block;
        yield return empty;
        Assert.True(chain.TryAppend(empty).IsValid);
        var txs = Enumerable.Range(0, 2).Select(i => EnergyChain.Core.Transactions.Transaction.Create(
            members.Genesis.ChainId,
            members.Users[i],
            0,
            0,
            new EnergyChain.Core.Transactions.TransferPayload(members.Users[(i + 1) % members.Users.Length].Address, 5))).ToList();
        yield return chain.Executor.BuildBlock(chain, txs, producer, chain.Head.Timestamp + 1000).Block;
    }

    private static void FuzzDecoder(int seed, byte[][] valid, Action<byte[]> decode)
    {
        foreach (var v in valid)
        {
            decode(v); // the seeds themselves decode
        }

        var random = new Random(seed);
        int ok = 0, errors = 0;
        for (var i = 0; i < Fuzz.Iterations; i++)
        {
            var input = Fuzz.Next(random, valid[random.Next(valid.Length)]);
            try
            {
                decode(input);
                ok++;
            }
            catch (MessageException)
            {
                errors++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} ({ex.Message}) escaped for {Convert.ToHexString(input)}");
            }
        }

        Assert.True(ok > 0 && errors > 0, $"decoded {ok}, refused {errors}");
    }
}
