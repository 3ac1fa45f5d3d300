using EnergyChain.Core.Blocks;
using EnergyChain.Harness;

namespace EnergyChain.Core.Tests.Blocks;

public sealed class BlockCodecTests
{
    [Fact]
    public void Block_round_trips_to_identical_bytes_and_hash()
    {
        var t = new TestChain(users: 3);
        var block = t.Build(t.RoundRobinTransfers(7));
        var decoded = Block.Decode(block.Encode());
        Assert.Equal(block.Encode(), decoded.Encode());
        Assert.Equal(block.Hash, decoded.Hash);
        Assert.Equal(block.Header, decoded.Header);
        Assert.True(decoded.Header.VerifySignature(t.Crypto));
        Assert.Equal(7, decoded.Transactions.Count);
    }

    [Fact]
    public void Hash_covers_every_header_field_but_not_the_signature()
    {
        var t = new TestChain(users: 1);
        var header = t.Build([]).Header;
        var variants = new[]
        {
            header with { Height = header.Height + 1 },
            header with { ParentHash = header.TxRoot },
            header with { Timestamp = header.Timestamp + 1 },
            header with { Slot = header.Slot + 1 },
            header with { TxRoot = header.ParentHash },
            header with { StateRoot = header.ParentHash },
            header with { ConsensusData = new byte[] { 1 } },
            header with { Producer = new byte[33] },
        };
        Assert.All(variants, v => Assert.NotEqual(header.Hash, v.Hash));
        Assert.Equal(header.Hash, (header with { Signature = new byte[64] }).Hash);
        Assert.NotEqual(header, header with { Signature = new byte[64] });
    }
}
