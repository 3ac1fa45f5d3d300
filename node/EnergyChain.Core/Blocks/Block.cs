using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Blocks;

/// <summary>
/// A header and its transactions. Encoding: header | u32 tx count | per tx: u32 len + transaction bytes.
/// </summary>
public sealed class Block
{
    public const int MaxEncodedSize = 32 * 1024 * 1024;

    public Block(BlockHeader header, IReadOnlyList<Transaction> transactions)
    {
        Header = header;
        Transactions = transactions;
    }

    public BlockHeader Header { get; }

    public IReadOnlyList<Transaction> Transactions { get; }

    public Hash256 Hash => Header.Hash;

    public ulong Height => Header.Height;

    public static Hash256 ComputeTxRoot(IReadOnlyList<Transaction> transactions)
    {
        var hashes = new Hash256[transactions.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = transactions[i].Hash;
        }

        return MerkleTree.ComputeRoot(hashes);
    }

    public byte[] Encode()
    {
        var size = 512;
        foreach (var tx in Transactions)
        {
            size += 4 + tx.Size;
        }

        var writer = new CanonicalWriter(size);
        Header.Write(writer);
        writer.WriteU32((uint)Transactions.Count);
        foreach (var tx in Transactions)
        {
            writer.WriteBytes(tx.Encoded);
        }

        return writer.ToArray();
    }

    /// <summary>Decodes a block; malformed input of any kind throws <see cref="DecodeException"/>.</summary>
    public static Block Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize)
        {
            throw new DecodeException(DecodeError.TooLarge, $"block of {bytes.Length} bytes exceeds the maximum {MaxEncodedSize}");
        }

        var reader = new CanonicalReader(bytes);
        var header = BlockHeader.Read(ref reader);
        var count = reader.ReadU32();
        // Bound the count by what the remaining bytes could hold before allocating anything for it.
        if (count > (uint)(reader.Remaining / (4 + Transaction.MinEncodedSize)))
        {
            throw new DecodeException(DecodeError.InvalidValue, $"block claims {count} transactions but has only {reader.Remaining} bytes left");
        }

        var transactions = new Transaction[count];
        for (var i = 0; i < transactions.Length; i++)
        {
            var txBytes = reader.ReadBytes(Transaction.MaxEncodedSize, "block transaction");
            try
            {
                transactions[i] = Transaction.Decode(txBytes);
            }
            catch (DecodeException e)
            {
                throw new DecodeException(e.Error, $"transaction {i}: {e.Message}");
            }
        }

        reader.EnsureEnd("block");
        return new Block(header, transactions);
    }

    public override string ToString() => $"block {Height} {Hash} ({Transactions.Count} txs)";
}
