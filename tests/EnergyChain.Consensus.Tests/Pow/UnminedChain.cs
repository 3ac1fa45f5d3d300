using System.Numerics;
using EnergyChain.Consensus.Engine;
using EnergyChain.Consensus.Pow;
using EnergyChain.Core.Blocks;

namespace EnergyChain.Consensus.Tests.Pow;

/// <summary>
/// A chain of headers whose seals name the expected targets but carry no real work: enough for retarget rules,
/// which read only targets and timestamps.
/// </summary>
internal sealed class UnminedChain
{
    public const long GenesisTime = 1_795_000_000_000;

    public UnminedChain(PowParameters parameters, long genesisTime = GenesisTime)
    {
        Difficulty = new PowDifficulty(parameters);
        var genesis = new BlockHeader { Height = 0, Timestamp = genesisTime };
        Headers.Add(genesis);
        Book.Add(genesis);
    }

    public PowDifficulty Difficulty { get; }

    public List<BlockHeader> Headers { get; } = [];

    public HeaderBook Book { get; } = new();

    public BlockHeader Tip => Headers[^1];

    /// <summary>Appends a block <paramref name="deltaMs"/> after the tip with the expected target (or <paramref name="target"/>).</summary>
    public BlockHeader Append(long deltaMs, BigInteger? target = null)
    {
        var parent = Tip;
        var header = new BlockHeader
        {
            Height = parent.Height + 1,
            ParentHash = parent.Hash,
            Timestamp = parent.Timestamp + deltaMs,
            ConsensusData = PowSeal.For(target ?? Difficulty.ExpectedTarget(parent, Book), 0).Encode(),
        };
        Headers.Add(header);
        Book.Add(header);
        return header;
    }

    public void AppendMany(int count, long deltaMs)
    {
        for (var i = 0; i < count; i++)
        {
            Append(deltaMs);
        }
    }

    /// <summary>The target the next block must name.</summary>
    public BigInteger NextTarget() => Difficulty.ExpectedTarget(Tip, Book);
}
