using System.Security.Cryptography;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Tests.Blocks;

public sealed class MerkleTreeTests
{
    private static Hash256 H(int i) => Hash256.Compute(BitConverter.GetBytes(i));

    private static Hash256 Leaf(Hash256 h) => Hash256.Compute([0x00, .. h.ToArray()]);

    private static Hash256 Node(Hash256 l, Hash256 r) => Hash256.Compute([0x01, .. l.ToArray(), .. r.ToArray()]);

    [Fact]
    public void Matches_the_documented_construction()
    {
        Assert.Equal(new Hash256(SHA256.HashData([])), MerkleTree.ComputeRoot([]));
        Assert.Equal(Leaf(H(1)), MerkleTree.ComputeRoot([H(1)]));
        Assert.Equal(Node(Leaf(H(1)), Leaf(H(2))), MerkleTree.ComputeRoot([H(1), H(2)]));
        // Odd node is promoted, not duplicated.
        Assert.Equal(Node(Node(Leaf(H(1)), Leaf(H(2))), Leaf(H(3))), MerkleTree.ComputeRoot([H(1), H(2), H(3)]));
    }

    [Fact]
    public void Different_lists_have_different_roots()
    {
        var roots = new HashSet<Hash256>
        {
            MerkleTree.ComputeRoot([H(1), H(2), H(3)]),
            MerkleTree.ComputeRoot([H(1), H(2), H(3), H(3)]), // Bitcoin's duplication would collide here
            MerkleTree.ComputeRoot([H(2), H(1), H(3)]),
            MerkleTree.ComputeRoot([H(1), H(2)]),
            MerkleTree.ComputeRoot([Node(Leaf(H(1)), Leaf(H(2)))]),
        };
        Assert.Equal(5, roots.Count);
    }
}
