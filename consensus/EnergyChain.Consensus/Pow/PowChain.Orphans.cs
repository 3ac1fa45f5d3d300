using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Pow;

public sealed partial class PowChain
{
    /// <summary>
    /// Holds a block whose parent is unknown. Without the parent its expected target is unknown, so only what the
    /// block proves on its own is checked: a well-formed seal within the minimum difficulty that its hash meets.
    /// Faking orphans therefore costs real work, which bounds the spam; the pool is bounded besides.
    /// </summary>
    private PowImportResult AddOrphan(Block block)
    {
        var header = block.Header;
        if (!header.HasProducer)
        {
            return new PowImportResult(PowImportStatus.Invalid, "a mined block must name its producer");
        }

        if (!PowSeal.TryDecode(header.ConsensusData.Span, out var seal, out var error))
        {
            return new PowImportResult(PowImportStatus.Invalid, error);
        }

        if (seal.Target > Engine.Parameters.MaxTarget || !PowHash.Meets(PowHash.Compute(header), seal.Target))
        {
            return new PowImportResult(PowImportStatus.Invalid, "the seal does not prove the minimum work");
        }

        _orphans[block.Hash] = block;
        while (_orphans.Count > MaxOrphans)
        {
            // The lowest orphans are the likeliest to be stale forks that will never connect.
            _orphans.Remove(_orphans.Values.MinBy(o => o.Height)!.Hash);
        }

        return new PowImportResult(PowImportStatus.Orphan, $"parent {header.ParentHash} of block {header.Height} is not known");
    }

    /// <summary>Imports the orphans that wait for <paramref name="connected"/>, and theirs in turn.</summary>
    private void ConnectOrphans(Hash256 connected)
    {
        var queue = new Queue<Hash256>();
        queue.Enqueue(connected);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var orphan in _orphans.Values.Where(o => o.Header.ParentHash == parent).OrderBy(o => o.Hash.ToString(), StringComparer.Ordinal).ToList())
            {
                _orphans.Remove(orphan.Hash);
                var result = ImportLocked(orphan);
                if (result.Status is PowImportStatus.Committed or PowImportStatus.Side or PowImportStatus.Known)
                {
                    queue.Enqueue(orphan.Hash);
                }
            }
        }
    }
}
