using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Bft;

/// <summary>What the replica needs from the chain: the head, who votes and who proposes, building, validating and committing blocks.</summary>
public interface IReplicaApplication
{
    /// <summary>The last committed (final) block.</summary>
    ChainHead Head { get; }

    /// <summary>Who votes on <paramref name="height"/>, with what weight (from the state after height - 1).</summary>
    ValidatorSet ValidatorsFor(ulong height);

    /// <summary>The elected proposer of (height, round): the same answer on every node.</summary>
    PublicKey ProposerFor(ulong height, uint round);

    /// <summary>A new block for (height, round), built on the head and signed by this node.</summary>
    Block BuildProposal(ulong height, uint round, long timestamp);

    /// <summary>Null when <paramref name="block"/> is a valid next block (fully re-executed), else why not.</summary>
    string? Validate(Block block);

    /// <summary>Commits a final block on top of the head, with the certificate that proves it final.</summary>
    void Commit(Block block, CommitCertificate certificate);

    /// <summary>A member signed two conflicting messages at one position; called once per offence.</summary>
    void OnEvidence(Evidence evidence);

    /// <summary>A committed block and its certificate, to help a node that is behind.</summary>
    (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height);
}
