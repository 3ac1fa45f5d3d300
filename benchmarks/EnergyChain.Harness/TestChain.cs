using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Harness;

/// <summary>
/// A chain with deterministic keys for tests and benchmarks: <c>Users[i]</c> is funded at genesis and the
/// producer is the only member. Everything derives from the seed text, so runs repeat exactly.
/// </summary>
public sealed class TestChain
{
    public const string DefaultChainId = "energychain-test";
    public const long GenesisTime = 1_795_000_000_000;
    public const ulong InitialBalance = 1_000_000_000_000;

    private readonly Dictionary<Address, ulong> _nextNonce = new();

    public TestChain(int users = 4, IBlockStore? store = null, ISecp256k1? crypto = null, string seed = "test", ChainParameters? parameters = null,
        IContractRuntime? contracts = null)
    {
        Crypto = crypto ?? CryptoBackends.Default;
        Producer = PrivateKey.FromSeed($"{seed}/producer", Crypto);
        Users = Enumerable.Range(0, users).Select(i => PrivateKey.FromSeed($"{seed}/user/{i}", Crypto)).ToArray();
        Genesis = CreateGenesis(Producer, Users, parameters);
        Signatures = new SignatureVerifier(Crypto);
        Store = store ?? new InMemoryBlockStore();
        Chain = Blockchain.Open(Store, Genesis, Signatures, contracts: contracts);
    }

    public ISecp256k1 Crypto { get; }

    public PrivateKey Producer { get; }

    public PrivateKey[] Users { get; }

    public GenesisDocument Genesis { get; }

    public SignatureVerifier Signatures { get; }

    public IBlockStore Store { get; }

    public Blockchain Chain { get; }

    public string ChainId => Genesis.ChainId;

    public static GenesisDocument CreateGenesis(PrivateKey producer, IEnumerable<PrivateKey> users, ChainParameters? parameters = null) =>
        GenesisLoader.Create(
            DefaultChainId,
            GenesisTime,
            "single",
            [new GenesisMember("producer", producer.PublicKey)],
            users.Select(u => new GenesisAccount(u.Address, InitialBalance, 0)),
            parameters ?? new ChainParameters { ChainId = DefaultChainId });

    /// <summary>A transfer with the sender's next unused nonce (tracked locally, not read from the chain).</summary>
    public Transaction Transfer(PrivateKey from, Address to, ulong amount, ulong fee = 0)
    {
        if (!_nextNonce.TryGetValue(from.Address, out var nonce))
        {
            nonce = Chain.GetAccount(from.Address).Nonce;
        }

        _nextNonce[from.Address] = nonce + 1;
        return Transaction.Create(ChainId, from, nonce, fee, new TransferPayload(to, amount));
    }

    public Transaction Signed(PrivateKey from, ulong nonce, TxPayload payload, ulong fee = 0, string? chainId = null) =>
        Transaction.Create(chainId ?? ChainId, from, nonce, fee, payload);

    /// <summary>Builds the next block from <paramref name="transactions"/> without committing it.</summary>
    public Block Build(IEnumerable<Transaction> transactions, long? timestamp = null) =>
        Chain.Executor.BuildBlock(Chain, transactions, Producer, timestamp ?? Chain.Head.Timestamp + 1000).Block;

    /// <summary>Builds and commits the next block; throws if the chain refuses it.</summary>
    public Block Commit(IEnumerable<Transaction> transactions)
    {
        var block = Build(transactions);
        var result = Chain.TryAppend(block);
        if (!result.IsValid)
        {
            throw new InvalidOperationException($"test block refused: {result}");
        }

        return block;
    }

    /// <summary>
    /// A block of <paramref name="count"/> transfers spread round-robin over the users, each to the next user.
    /// </summary>
    public List<Transaction> RoundRobinTransfers(int count, ulong amount = 1)
    {
        var list = new List<Transaction>(count);
        for (var i = 0; i < count; i++)
        {
            var from = Users[i % Users.Length];
            var to = Users[(i + 1) % Users.Length].Address;
            list.Add(Transfer(from, to, amount));
        }

        return list;
    }
}
