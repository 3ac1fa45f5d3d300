using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Mempool;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Bft;

/// <summary>
/// The replica's application over Core: proposals are built from the mempool by <see cref="BlockExecutor.BuildBlock"/>
/// (with the round as the header's slot, and remembered as executed so that the proposer does not run its own block
/// again), validation is <see cref="BlockExecutor.Apply"/> against the head, and
/// commits go through <see cref="Blockchain.TryAppend"/>, the one state-changing path. Who votes and who proposes
/// come from the engine.
/// </summary>
public sealed class ChainApplication : IReplicaApplication
{
    private readonly Blockchain _chain;
    private readonly TxPool? _pool;
    private readonly PrivateKey _key;
    private readonly Func<ulong, ValidatorSet> _validators;
    private readonly Func<ulong, uint, PublicKey> _proposers;

    public ChainApplication(Blockchain chain, TxPool? pool, PrivateKey key, Func<ulong, ValidatorSet> validators, Func<ulong, uint, PublicKey> proposers)
    {
        _chain = chain;
        _pool = pool;
        _key = key;
        _validators = validators;
        _proposers = proposers;
    }

    /// <summary>Raised after a final block is committed, with its certificate.</summary>
    public event Action<Block, CommitCertificate>? Finalized;

    public ChainHead Head => _chain.Head;

    public ValidatorSet ValidatorsFor(ulong height) => _validators(height);

    public PublicKey ProposerFor(ulong height, uint round) => _proposers(height, round);

    public Block BuildProposal(ulong height, uint round, long timestamp)
    {
        var parameters = _chain.Executor.Parameters;
        var candidates = _pool?.SelectForBlock(parameters.MaxBlockTransactions, parameters.MaxBlockBytes) ?? [];
        var built = _chain.Executor.BuildBlock(_chain, candidates, _key, timestamp, slot: round);
        _chain.RememberBuilt(built);
        return built.Block;
    }

    public string? Validate(Block block)
    {
        var result = _chain.Validate(block);
        return result.IsValid ? null : result.ToString();
    }

    public void Commit(Block block, CommitCertificate certificate)
    {
        // The certificate goes into the block's own store transaction: a final block is never stored without it.
        var result = _chain.TryAppend(block, certificate.Encode());
        if (!result.IsValid)
        {
            // The replica only commits blocks it validated against this same head: a failure here is a bug.
            throw new InvalidOperationException($"final block {block.Height} {block.Hash} does not apply: {result}");
        }

        Finalized?.Invoke(block, certificate);
    }

    /// <summary>Raised when this node submitted an evidence transaction to its mempool (with the pool's answer).</summary>
    public event Action<Transaction, TxAdmission>? EvidenceSubmitted;

    /// <summary>
    /// Two different proposals by one proposer for one height and round carry two different blocks signed by it at
    /// one height and slot: exactly what the core's double-sign evidence proves, so this member reports it in a
    /// transaction (nonce after its own pending ones, the minimum fee) and every node slashes the proposer when a
    /// block includes it. Double votes have no on-chain form yet: they stay in the replica's local record.
    /// </summary>
    public void OnEvidence(Evidence evidence)
    {
        if (evidence.Kind != EvidenceKind.DoubleProposal || _pool is null)
        {
            return;
        }

        var first = BftCodec.Decode(evidence.First).Proposal!.Block.Header;
        var second = BftCodec.Decode(evidence.Second).Proposal!.Block.Header;
        if (first.Hash == second.Hash)
        {
            // Same block re-proposed with another valid round: a protocol offence, but not two signed headers.
            return;
        }

        var reporter = _key.PublicKey.Address;
        var account = _chain.GetAccount(reporter);
        var nonce = account.Nonce + (ulong)_pool.PendingRun(reporter, account.Nonce);
        var tx = Transaction.Create(_chain.Genesis.ChainId, _key, nonce, _chain.Executor.Parameters.MinTxFee, EvidencePayload.DoubleSign(first, second));
        EvidenceSubmitted?.Invoke(tx, _pool.Add(tx));
    }

    public (Block Block, CommitCertificate Certificate)? GetCommitted(ulong height)
    {
        if (height > _chain.Head.Height || _chain.Store.GetFinalityProof(height) is not { } proof || _chain.Store.GetBlock(height) is not { } block)
        {
            return null;
        }

        try
        {
            return (block, CommitCertificate.Decode(proof));
        }
        catch (DecodeException)
        {
            // Only this node wrote it; a damaged record is served as missing rather than taking the replica down.
            return null;
        }
    }
}
