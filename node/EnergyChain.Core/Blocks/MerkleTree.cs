using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.Blocks;

/// <summary>
/// Binary Merkle tree in the style of RFC 6962: leaves are hashed with a 0x00 prefix and inner nodes with
/// 0x01 so a leaf can never pass for a node, and an odd node is promoted rather than duplicated (so two
/// different lists never share a root, unlike Bitcoin's duplication rule).
/// </summary>
public static class MerkleTree
{
    /// <summary>Root of an empty list: SHA-256 of nothing.</summary>
    public static readonly Hash256 EmptyRoot = Hash256.Compute([]);

    public static Hash256 ComputeRoot(IReadOnlyList<Hash256> leaves)
    {
        if (leaves.Count == 0)
        {
            return EmptyRoot;
        }

        var level = new Hash256[leaves.Count];
        Span<byte> buffer = stackalloc byte[1 + (2 * Hash256.Size)];
        Span<byte> digest = stackalloc byte[Hash256.Size];
        for (var i = 0; i < leaves.Count; i++)
        {
            buffer[0] = 0x00;
            leaves[i].CopyTo(buffer[1..]);
            Sha256.HashData(buffer[..(1 + Hash256.Size)], digest);
            level[i] = new Hash256(digest);
        }

        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i < count; i += 2)
            {
                if (i + 1 == count)
                {
                    level[next++] = level[i];
                    continue;
                }

                buffer[0] = 0x01;
                level[i].CopyTo(buffer[1..]);
                level[i + 1].CopyTo(buffer[(1 + Hash256.Size)..]);
                Sha256.HashData(buffer, digest);
                level[next++] = new Hash256(digest);
            }

            count = next;
        }

        return level[0];
    }
}
