using System.Buffers.Binary;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Benchmarks.Pipeline;

/// <summary>
/// The producer side of the harness: signs transfers among seeded accounts, builds each block with
/// <see cref="BlockExecutor.BuildBlock"/> on its own in-memory state, and appends the encoded block to a
/// file (u32 length + block bytes). Only the small producer state stays in memory, so the measured chain
/// later shares the process with nothing but the one block it is reading.
/// </summary>
internal sealed class BlockGenerator
{
    private readonly PrivateKey _producer;
    private readonly PrivateKey[] _users;
    private readonly ulong[] _nonces;
    private readonly BlockExecutor _executor;
    private readonly ProducerState _state;
    private readonly Random _random = new(20_251_122); // harness only: picks recipients and amounts

    public BlockGenerator(int accounts, int transactionsPerBlock)
    {
        var crypto = CryptoBackends.Native ?? CryptoBackends.Default;
        _producer = PrivateKey.FromSeed("pipeline/producer", crypto);
        _users = Enumerable.Range(0, accounts).Select(i => PrivateKey.FromSeed($"pipeline/user/{i}", crypto)).ToArray();
        _nonces = new ulong[accounts];
        var parameters = new ChainParameters
        {
            ChainId = TestChain.DefaultChainId,
            MaxBlockTransactions = Math.Max(10_000, transactionsPerBlock),
            MaxBlockBytes = Math.Max(8 * 1024 * 1024, transactionsPerBlock * 512),
            MinTxFee = 1,
        };
        Genesis = TestChain.CreateGenesis(_producer, _users, parameters);
        _executor = new BlockExecutor(parameters, new SignatureVerifier(crypto));
        _state = new ProducerState(Genesis);
    }

    public GenesisDocument Genesis { get; }

    /// <summary>Builds the next block of <paramref name="count"/> transfers and writes it to <paramref name="output"/>.</summary>
    public void WriteNextBlock(Stream output, int count)
    {
        var plan = new (int From, int To, ulong Nonce, ulong Amount)[count];
        for (var i = 0; i < count; i++)
        {
            // Senders in turn so every account's nonces stay in order; recipients at random.
            var from = (int)((_state.Head.Height * (ulong)count + (ulong)i) % (ulong)_users.Length);
            var to = _random.Next(_users.Length - 1);
            to = to >= from ? to + 1 : to;
            plan[i] = (from, to, _nonces[from]++, (ulong)_random.Next(1, 1_000_000));
        }

        var txs = new Transaction[count];
        Parallel.For(0, count, i =>
        {
            var (from, to, nonce, amount) = plan[i];
            txs[i] = Transaction.Create(Genesis.ChainId, _users[from], nonce, 1, new TransferPayload(_users[to].Address, amount));
        });

        // BuildBlock checks signatures one at a time; fill the producer's cache in parallel first.
        if (_executor.Signatures.VerifyBatch(txs) != -1)
        {
            throw new InvalidOperationException("a generated transaction does not verify");
        }

        var built = _executor.BuildBlock(_state, txs, _producer, _state.Head.Timestamp + 1_000);
        if (built.Skipped.Count > 0)
        {
            throw new InvalidOperationException($"the producer left out a transaction: {built.Skipped[0].Reason}");
        }

        var result = _executor.Apply(_state, built.Block);
        if (!result.IsValid)
        {
            throw new InvalidOperationException($"the producer's own block is invalid: {result}");
        }

        _state.Advance(built.Block, result.Changes);
        var encoded = built.Block.Encode();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, encoded.Length);
        output.Write(length);
        output.Write(encoded);
    }

    /// <summary>Reads the next block's bytes into <paramref name="buffer"/> (grown as needed); false at the end.</summary>
    public static bool TryReadBlock(Stream input, ref byte[] buffer, out int length)
    {
        Span<byte> prefix = stackalloc byte[4];
        if (input.ReadAtLeast(prefix, 4, throwOnEndOfStream: false) < 4)
        {
            length = 0;
            return false;
        }

        length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (buffer.Length < length)
        {
            buffer = new byte[length];
        }

        input.ReadExactly(buffer, 0, length);
        return true;
    }

    /// <summary>The producer's chain: state in memory, no block store.</summary>
    private sealed class ProducerState : IChainState
    {
        private readonly LedgerState _ledger = new();

        public ProducerState(GenesisDocument genesis)
        {
            var block = genesis.CreateGenesisBlock();
            _ledger.Apply(genesis.InitialState());
            Head = new ChainHead(0, block.Hash, block.Header.Timestamp, block.Header.StateRoot);
        }

        public ChainHead Head { get; private set; }

        public Account GetAccount(Address address) => _ledger.GetAccount(address);

        public Hash256 ComputeRootWith(StateChanges changes) => _ledger.ComputeRootWith(changes);

        public void Advance(Block block, StateChanges changes)
        {
            _ledger.Apply(changes);
            Head = new ChainHead(block.Height, block.Hash, block.Header.Timestamp, block.Header.StateRoot);
        }
    }
}
