using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Benchmarks.P2P;

/// <summary>Member keys, funded users and the genesis every node of a run shares; node 0 is the producer.</summary>
internal sealed class BenchMembers
{
    private readonly ulong[] _nonces;
    private long _next;

    public BenchMembers(int nodes, int accounts, ISecp256k1 crypto)
    {
        Crypto = crypto;
        Keys = Enumerable.Range(0, nodes).Select(i => PrivateKey.FromSeed($"p2p-bench/node/{i}", crypto)).ToArray();
        Users = Enumerable.Range(0, accounts).Select(i => PrivateKey.FromSeed($"p2p-bench/user/{i}", crypto)).ToArray();
        _nonces = new ulong[accounts];
        Genesis = GenesisLoader.Create(
            "energychain-p2p-bench",
            1_795_000_000_000,
            "single",
            Keys.Select((k, i) => new GenesisMember($"node{i}", k.PublicKey)),
            Users.Select(u => new GenesisAccount(u.Address, 1_000_000_000_000, 0)));
    }

    public ISecp256k1 Crypto { get; }

    public PrivateKey[] Keys { get; }

    public PrivateKey[] Users { get; }

    public GenesisDocument Genesis { get; }

    /// <summary>
    /// The next <paramref name="count"/> transfers: senders round-robin over the accounts (each with its next
    /// nonce), each paying 1 to the next account; signed on all cores.
    /// </summary>
    public Transaction[] NextTransfers(int count)
    {
        var plan = new (int From, ulong Nonce)[count];
        for (var i = 0; i < count; i++)
        {
            var from = (int)(_next++ % Users.Length);
            plan[i] = (from, _nonces[from]++);
        }

        var txs = new Transaction[count];
        Parallel.For(0, count, i =>
        {
            var (from, nonce) = plan[i];
            txs[i] = Transaction.Create(Genesis.ChainId, Users[from], nonce, 0, new TransferPayload(Users[(from + 1) % Users.Length].Address, 1));
        });
        return txs;
    }
}
