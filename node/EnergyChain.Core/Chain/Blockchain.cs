using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Chain;

/// <summary>
/// The local chain: store + in-memory state + executor. <see cref="TryAppend"/> is the only way a block
/// becomes committed: <see cref="BlockExecutor.Apply"/> validates and computes the changes, the store
/// commits them in one database transaction, and only then does the in-memory state move.
/// <see cref="TryReorganize"/> (Blockchain.Reorg.cs) is the only way blocks leave the chain.
/// </summary>
public sealed partial class Blockchain : IChainState
{
    private readonly IBlockStore _store;
    private readonly LedgerState _state;
    private readonly Lock _appendLock = new();

    // Proposals validated on the current head (a few per height at most: one per round), see Validate.
    private const int MaxValidatedKept = 4;
    private readonly Lock _validatedLock = new();
    // A block's hash leaves out its seal (the producer signs the hash): an entry also keeps the signature it was
    // validated with, so a copy of a valid block with another signature never borrows its result.
    private readonly List<(Hash256 Block, Hash256 Parent, byte[] Signature, BlockApplyResult Result)> _validated = [];
    private ChainHead _head;

    private Blockchain(IBlockStore store, GenesisDocument genesis, BlockExecutor executor, LedgerState state, ChainHead head)
    {
        _store = store;
        Genesis = genesis;
        Executor = executor;
        _state = state;
        _head = head;
    }

    /// <summary>
    /// Raised after a block is committed (on the committing thread). Heights normally rise by one, but after
    /// a reorganization (<see cref="Reorganized"/>) they start again above the fork point.
    /// </summary>
    public event Action<Block, BlockApplyResult>? BlockCommitted;

    public GenesisDocument Genesis { get; }

    public BlockExecutor Executor { get; }

    public IBlockStore Store => _store;

    public ChainHead Head => Volatile.Read(ref _head);

    public Hash256 StateRoot => _state.Root;

    public LedgerState State => _state;

    /// <summary>
    /// Opens the chain in <paramref name="store"/>: writes genesis into an empty store, otherwise checks the
    /// store belongs to this genesis and that the stored accounts hash to the head block's state root.
    /// <paramref name="incentives"/> is the consensus engine's penalties and block reward (none when null);
    /// <paramref name="contracts"/> executes contract transactions (refused when null).
    /// </summary>
    public static Blockchain Open(
        IBlockStore store, GenesisDocument genesis, SignatureVerifier signatures, IBlockIncentives? incentives = null, IContractRuntime? contracts = null, IEngineRules? rules = null)
    {
        var executor = new BlockExecutor(genesis.Parameters, signatures, incentives, contracts, rules);
        var stored = store.ReadHead();
        if (stored is null)
        {
            // No head pointer but blocks: a damaged store, not an empty one to write genesis into.
            if (store.GetBlock(0) is { } orphan)
            {
                throw new StoreException(StoreError.Corrupted, $"the store holds block {orphan.Height} ({orphan.Hash}) but no head pointer");
            }

            var genesisBlock = genesis.CreateGenesisBlock();
            store.CommitBlock(genesisBlock, genesis.InitialState());
            stored = new StoredHead(0, genesisBlock.Hash);
        }

        var first = store.GetBlock(0)
            ?? throw new StoreException(StoreError.Corrupted, "the store has a head but no genesis block");
        if (first.Header.ParentHash != genesis.Hash)
        {
            throw new StoreException(
                StoreError.WrongChain,
                $"the data directory holds the chain with genesis {first.Header.ParentHash}, but the genesis file is {genesis.Hash} ({genesis.ChainId})");
        }

        var headBlock = store.GetBlock(stored.Value.Height)
            ?? throw new StoreException(StoreError.Corrupted, $"the head block {stored.Value.Height} is missing");
        if (headBlock.Hash != stored.Value.Hash)
        {
            throw new StoreException(StoreError.Corrupted, $"the head pointer names {stored.Value.Hash} but block {headBlock.Height} is {headBlock.Hash}");
        }

        if (store.GetBlock(stored.Value.Height + 1) is not null)
        {
            // A commit is atomic, so a block above the head means the store was written by something else.
            throw new StoreException(StoreError.Corrupted, $"a block is stored above the head {stored.Value.Height}");
        }

        var state = LedgerState.FromAccounts(store.ReadAccounts());
        if (state.Root != headBlock.Header.StateRoot)
        {
            throw new StoreException(
                StoreError.Corrupted,
                $"stored accounts hash to {state.Root} but block {headBlock.Height} commits to {headBlock.Header.StateRoot}");
        }

        var head = new ChainHead(headBlock.Height, headBlock.Hash, headBlock.Header.Timestamp, headBlock.Header.StateRoot);
        return new Blockchain(store, genesis, executor, state, head);
    }

    public Account GetAccount(Address address) => _state.GetAccount(address);

    /// <summary>
    /// The head and every account of its state (address order), read as one snapshot: an O(accounts) copy for
    /// operator views, not for hot paths.
    /// </summary>
    /// <remarks>
    /// The state moves before the head pointer, and a reorganization passes through intermediate states, so reading
    /// <see cref="Head"/> and the state separately could pair a height with another block's accounts. Under the
    /// append lock neither moves; commits wait for the copy, which they do anyway for the state's read lock.
    /// </remarks>
    public (ChainHead Head, List<KeyValuePair<Address, Account>> Accounts) SnapshotHeadState()
    {
        lock (_appendLock)
        {
            return (Head, _state.SnapshotAccounts());
        }
    }

    public Hash256 ComputeRootWith(StateChanges changes) => _state.ComputeRootWith(changes);

    /// <summary>The engine's own transactions and block-level work on this chain, or null when it has none.</summary>
    public IEngineRules? Rules => Executor.Rules;

    /// <summary>The checks of <paramref name="tx"/> that need no state (size, fee, payload shape), or null when it passes.</summary>
    public TxRejection? CheckStateless(Transaction tx) => Executor.CheckStateless(tx);

    /// <summary>Whether <paramref name="tx"/>'s signature verifies (cached: the block that includes it finds it checked).</summary>
    public bool VerifySignature(Transaction tx) => Executor.Signatures.Verify(tx);

    /// <summary>Checks every signature of <paramref name="transactions"/>: the index of the first bad one, or -1.</summary>
    public int VerifySignatures(IReadOnlyList<Transaction> transactions) => Executor.Signatures.VerifyBatch(transactions);

    /// <summary>Validates and commits <paramref name="block"/> on top of the head; invalid blocks change nothing.</summary>
    /// <remarks><paramref name="finalityProof"/> (a commit certificate) is stored with the block, in its transaction.</remarks>
    public BlockApplyResult TryAppend(Block block, ReadOnlyMemory<byte> finalityProof = default)
    {
        BlockApplyResult result;
        lock (_appendLock)
        {
            result = TakeValidated(block) ?? Executor.Apply(this, block);
            if (!result.IsValid)
            {
                return result;
            }

            _store.CommitBlock(block, result.Changes, finalityProof);
            _state.Apply(result.Changes);
            SetHead(block);
        }

        BlockCommitted?.Invoke(block, result);
        return result;
    }

    /// <summary>
    /// Validates <paramref name="block"/> on top of the head without committing it, and remembers the outcome so
    /// that appending the same block on the same head does not execute it a second time (a BFT replica validates
    /// a proposal, then commits it once it is final: without this every block ran twice on every node).
    /// </summary>
    public BlockApplyResult Validate(Block block)
    {
        // Under the append lock the head cannot move while the block runs, so the result belongs to this head.
        ChainHead head;
        BlockApplyResult result;
        lock (_appendLock)
        {
            head = Head;
            if (PeekValidated(block) is { } known)
            {
                return known;
            }

            result = Executor.Apply(this, block);
        }

        // Valid results only, so that a later append still reports an invalid block's error from a fresh run.
        if (result.IsValid)
        {
            Remember(block, head.Hash, result);
        }

        return result;
    }

    /// <summary>
    /// Remembers the outcome that <see cref="BlockExecutor.BuildBlock"/> computed for a block this node built, so
    /// that validating and appending it on the parent it was built on do not execute it again (a BFT proposer
    /// validated its own proposal: every block it built ran twice). Blocks from elsewhere always run through
    /// <see cref="BlockExecutor.Apply"/>.
    /// </summary>
    public void RememberBuilt(BuiltBlock built)
    {
        if (built.Result.IsValid)
        {
            Remember(built.Block, built.Block.Header.ParentHash, built.Result);
        }
    }

    private void Remember(Block block, Hash256 parent, BlockApplyResult result)
    {
        lock (_validatedLock)
        {
            _validated.RemoveAll(v => v.Parent != parent || v.Block == block.Hash);
            if (_validated.Count >= MaxValidatedKept)
            {
                _validated.RemoveAt(0);
            }

            _validated.Add((block.Hash, parent, block.Header.Signature.ToArray(), result));
        }
    }

    private int IndexOfValidated(Block block, Hash256 head) =>
        _validated.FindIndex(v => v.Block == block.Hash && v.Parent == head && block.Header.Signature.Span.SequenceEqual(v.Signature));

    /// <summary>The remembered outcome of <paramref name="block"/> on the current head, if any (see <see cref="Validate"/>).</summary>
    private BlockApplyResult? PeekValidated(Block block)
    {
        var head = Head;
        lock (_validatedLock)
        {
            var index = IndexOfValidated(block, head.Hash);
            return index < 0 ? null : _validated[index].Result;
        }
    }

    // A remembered result counts only for the same block on the same head: the state is a function of the head.
    private BlockApplyResult? TakeValidated(Block block)
    {
        var head = Head;
        lock (_validatedLock)
        {
            var index = IndexOfValidated(block, head.Hash);
            if (index < 0)
            {
                return null;
            }

            var result = _validated[index].Result;
            _validated.Clear();
            return result;
        }
    }

    private void SetHead(Block block) =>
        Volatile.Write(ref _head, new ChainHead(block.Height, block.Hash, block.Header.Timestamp, block.Header.StateRoot));
}
