using System.Buffers.Binary;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

/// <summary>A <see cref="SignGuard"/> kept in a small file, replaced atomically and flushed before each signature.</summary>
public sealed class FileSignGuard : SignGuard
{
    private const int RecordSize = 8 + 4 + 1 + Hash256.Size;
    private readonly string _path;

    public FileSignGuard(string path)
    {
        _path = path;
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != RecordSize)
            {
                throw new InvalidDataException($"{path}: a sign-state file is {RecordSize} bytes, this one {bytes.Length}; refusing to sign without knowing what was signed");
            }

            Restore(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)), bytes[12], new Hash256(bytes.AsSpan(13)));
        }
    }

    protected override void Persist(ulong height, uint round, byte step, Hash256 blockHash)
    {
        var bytes = new byte[RecordSize];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), round);
        bytes[12] = step;
        blockHash.CopyTo(bytes.AsSpan(13));
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }
}
