using System.Buffers.Binary;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

/// <summary>
/// Keeps a member from signing two different things for one (height, round, step), even across a restart: a
/// replica restarted mid-round has forgotten what it voted, and voting again differently would be a double sign
/// (evidence, slashing) and, with other faults, could break safety. Each signature is recorded before the message
/// leaves; anything before the last record, or different at the same position, is refused.
/// </summary>
public class SignGuard
{
    private readonly Lock _lock = new();

    /// <summary>The last signed position and block hash (null before the first signature).</summary>
    public (ulong Height, uint Round, byte Step, Hash256 BlockHash)? Last { get; private set; }

    /// <summary>Records the signature about to be made; false when it must not be made.</summary>
    public bool TryRecord(ulong height, uint round, byte step, Hash256 blockHash)
    {
        lock (_lock)
        {
            if (Last is { } last)
            {
                var order = (height, round, step).CompareTo((last.Height, last.Round, last.Step));
                if (order < 0 || (order == 0 && blockHash != last.BlockHash))
                {
                    return false;
                }
            }

            Persist(height, round, step, blockHash);
            Last = (height, round, step, blockHash);
            return true;
        }
    }

    /// <summary>Called before a record takes effect; a durable guard writes it out here (and throws if it cannot).</summary>
    protected virtual void Persist(ulong height, uint round, byte step, Hash256 blockHash)
    {
    }

    protected void Restore(ulong height, uint round, byte step, Hash256 blockHash) => Last = (height, round, step, blockHash);
}

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
