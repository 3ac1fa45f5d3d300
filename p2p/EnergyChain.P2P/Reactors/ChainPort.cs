using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Storage;

namespace EnergyChain.P2P.Reactors;

/// <summary>
/// The chain port over Core's <see cref="Blockchain"/>. Imports are serialized so that two reactors offering the
/// same block cannot make one of them look invalid. The authorize function is the consensus rule this layer
/// does not know (who may produce the block); it returns a reason to refuse, or null.
/// </summary>
public sealed class ChainPort : IChainPort
{
    private readonly Blockchain _chain;
    private readonly Func<Block, string?>? _authorize;
    private readonly Lock _importLock = new();

    public ChainPort(Blockchain chain, Func<Block, string?>? authorize = null)
    {
        _chain = chain;
        _authorize = authorize;
        _chain.BlockCommitted += (block, _) => BlockCommitted?.Invoke(block);
    }

    public event Action<Block>? BlockCommitted;

    public ChainHead Head => _chain.Head;

    public Block? GetBlock(ulong height) => height <= _chain.Head.Height ? _chain.Store.GetBlock(height) : null;

    public void PrefetchSignatures(Block block) => _chain.VerifySignatures(block.Transactions);

    public BlockImport Import(Block block)
    {
        lock (_importLock)
        {
            var head = _chain.Head;
            if (block.Height <= head.Height)
            {
                return _chain.Store.GetBlock(block.Height)?.Hash == block.Hash
                    ? BlockImport.Known
                    : new BlockImport(BlockImportOutcome.Unlinkable, $"a different block {block.Hash} at committed height {block.Height}");
            }

            if (block.Height != head.Height + 1 || block.Header.ParentHash != head.Hash)
            {
                return new BlockImport(BlockImportOutcome.Unlinkable, $"block {block.Height} does not extend the head {head.Height}");
            }

            if (_authorize?.Invoke(block) is { } refusal)
            {
                return new BlockImport(BlockImportOutcome.Invalid, refusal);
            }

            BlockApplyResult result;
            try
            {
                result = _chain.TryAppend(block);
            }
            catch (StoreException e)
            {
                return new BlockImport(BlockImportOutcome.Failed, e.Message);
            }

            if (result.IsValid)
            {
                return BlockImport.Committed;
            }

            // Another path (a local producer) may have committed this height between the check and the append.
            return result.Error is BlockError.WrongHeight or BlockError.WrongParent
                ? new BlockImport(BlockImportOutcome.Unlinkable, result.ToString())
                : new BlockImport(BlockImportOutcome.Invalid, result.ToString());
        }
    }

    /// <summary>Decodes a block from a peer; null when the bytes are not a block.</summary>
    public static Block? TryDecode(ReadOnlySpan<byte> encoded, out string error)
    {
        try
        {
            error = string.Empty;
            return Block.Decode(encoded);
        }
        catch (DecodeException e)
        {
            error = e.Message;
            return null;
        }
    }
}
