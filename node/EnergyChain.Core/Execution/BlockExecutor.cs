using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Execution;

/// <summary>
/// The one path from (state, block) to new state. <see cref="Apply"/> validates a block completely and
/// returns the account changes it makes; it never writes anything itself. The chain commits those changes
/// to the store in one database transaction and only then to memory.
/// Consensus engines check the seal (who may produce, PoW) before calling this; this checks everything
/// that is the same for every engine.
/// </summary>
public sealed partial class BlockExecutor
{
    private readonly ChainParameters _parameters;
    private readonly SignatureVerifier _signatures;
    private readonly IBlockIncentives _incentives;
    private readonly IContractRuntime? _contracts;
    private readonly IEngineRules? _rules;

    /// <param name="parameters">The chain's consensus parameters (from genesis).</param>
    /// <param name="signatures">Verifies (and caches) transaction signatures.</param>
    /// <param name="incentives">The engine's penalties and block reward; none when null.</param>
    /// <param name="contracts">Executes contract transactions; they are refused when null.</param>
    /// <param name="rules">The engine's own transactions and block-level work (PoEG market, PoSOC learning); none when null.</param>
    public BlockExecutor(ChainParameters parameters, SignatureVerifier signatures, IBlockIncentives? incentives = null, IContractRuntime? contracts = null, IEngineRules? rules = null)
    {
        _parameters = parameters;
        _signatures = signatures;
        _incentives = incentives ?? NoBlockIncentives.Instance;
        _contracts = contracts;
        _rules = rules;
    }

    public IContractRuntime? Contracts => _contracts;

    public IEngineRules? Rules => _rules;

    internal static ContractContext ContextOf(BlockHeader header, IChainState parent) =>
        new(header.Height, header.Slot, header.Timestamp, header.ParentHash, header.HasProducer ? header.ProducerKey!.Address : default, parent);

    public ChainParameters Parameters => _parameters;

    public SignatureVerifier Signatures => _signatures;

    public IBlockIncentives Incentives => _incentives;

    /// <summary>Validates <paramref name="block"/> on top of <paramref name="state"/> and computes its changes.</summary>
    public BlockApplyResult Apply(IChainState state, Block block)
    {
        var header = block.Header;
        var head = state.Head;
        if (header.Height != head.Height + 1)
        {
            return BlockApplyResult.Invalid(BlockError.WrongHeight, $"height {header.Height} does not follow the head at {head.Height}");
        }

        if (header.ParentHash != head.Hash)
        {
            return BlockApplyResult.Invalid(BlockError.WrongParent, $"parent {header.ParentHash} is not the head {head.Hash}");
        }

        if (header.Timestamp < head.Timestamp)
        {
            return BlockApplyResult.Invalid(BlockError.TimestampBeforeParent, $"timestamp {header.Timestamp} is before the parent's {head.Timestamp}");
        }

        if (!header.HasProducer)
        {
            return BlockApplyResult.Invalid(BlockError.MissingProducer, "only the genesis block may have no producer");
        }

        if (!header.VerifySignature(_signatures.Crypto))
        {
            return BlockApplyResult.Invalid(BlockError.BadProducerSignature, "the producer's signature does not verify");
        }

        var transactions = block.Transactions;
        if (transactions.Count > _parameters.MaxBlockTransactions)
        {
            return BlockApplyResult.Invalid(BlockError.TooManyTransactions, $"{transactions.Count} transactions exceed the limit {_parameters.MaxBlockTransactions}");
        }

        long bytes = 0;
        foreach (var tx in transactions)
        {
            bytes += tx.Size;
        }

        if (bytes > _parameters.MaxBlockBytes)
        {
            return BlockApplyResult.Invalid(BlockError.TooLarge, $"{bytes} transaction bytes exceed the limit {_parameters.MaxBlockBytes}");
        }

        if (Block.ComputeTxRoot(transactions) != header.TxRoot)
        {
            return BlockApplyResult.Invalid(BlockError.TxRootMismatch, "the transaction root does not match the transactions");
        }

        var seen = new HashSet<Hash256>(transactions.Count);
        for (var i = 0; i < transactions.Count; i++)
        {
            if (!seen.Add(transactions[i].Hash))
            {
                return BlockApplyResult.InvalidTransaction(i, new TxRejection(TxError.DuplicateInBlock, $"{transactions[i].Hash} appears twice"));
            }

            if (CheckStateless(transactions[i]) is { } rejection)
            {
                return BlockApplyResult.InvalidTransaction(i, rejection);
            }
        }

        var badSignature = _signatures.VerifyBatch(transactions);
        if (badSignature >= 0)
        {
            return BlockApplyResult.InvalidTransaction(badSignature, new TxRejection(TxError.BadSignature, "signature does not verify"));
        }

        // Order: the engine's penalties, the membership changes due now, the engine's block work, the transactions, then fees and reward.
        var overlay = new StateOverlay(state);
        var slashes = new List<SlashRecord>();
        if (ApplyPenalties(overlay, header, state, slashes) is { } penaltyError)
        {
            return BlockApplyResult.Invalid(BlockError.InvalidPenalty, penaltyError);
        }

        ApplyDueMembership(overlay, header.Height);
        if (_rules?.BeginBlock(overlay, header, state, _contracts) is { } engineError)
        {
            return BlockApplyResult.Invalid(BlockError.InvalidConsensusData, engineError);
        }

        ulong fees = 0;
        var context = ContextOf(header, state);
        var receipts = new List<ContractReceipt>();
        for (var i = 0; i < transactions.Count; i++)
        {
            if (Execute(overlay, transactions[i], context, out var gasFee, slashes, receipts) is { } rejection)
            {
                return BlockApplyResult.InvalidTransaction(i, rejection);
            }

            fees += transactions[i].Fee + gasFee; // cannot overflow: each fee was debited from a u64 balance of the same supply
        }

        var reward = _incentives.BlockRewardFor(header, state);
        if (CreditProducer(overlay, header, fees, reward) is { } creditError)
        {
            return BlockApplyResult.Invalid(BlockError.RewardOverflow, creditError);
        }

        var changes = overlay.ToChanges();
        var root = state.ComputeRootWith(changes);
        if (root != header.StateRoot)
        {
            return BlockApplyResult.Invalid(BlockError.StateRootMismatch, $"state root after execution is {root}, the header says {header.StateRoot}");
        }

        return BlockApplyResult.Valid(changes, root, fees, reward, slashes).WithReceipts(receipts);
    }

    /// <summary>Credits the fees and mints the block reward to the producer; an error if its balance would overflow.</summary>
    private static string? CreditProducer(StateOverlay overlay, BlockHeader header, ulong fees, ulong reward)
    {
        if (!TryAdd(fees, reward, out var total))
        {
            return $"fees {fees} plus reward {reward} overflow 64 bits";
        }

        if (total == 0)
        {
            return null;
        }

        var producer = header.ProducerKey!.Address;
        var account = overlay.GetAccount(producer);
        if (!TryAdd(account.Balance, total, out var balance))
        {
            return $"crediting {total} (fees {fees}, reward {reward}) would overflow the producer's balance";
        }

        overlay.SetAccount(producer, account with { Balance = balance });
        return null;
    }
}
