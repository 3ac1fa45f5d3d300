using EnergyChain.Core.Blocks;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;
using EnergyChain.Core.Storage;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Tests.Membership;

/// <summary>
/// A chain whose genesis has <c>members</c> funded members (member 0 produces) and <c>applicants</c> funded keys that
/// are not members yet, for the membership rules.
/// </summary>
internal sealed class MembershipChain
{
    public const ulong Funds = 1_000_000_000;
    public const ulong Deposit = 5_000_000;
    private readonly Dictionary<Address, ulong> _nonces = [];

    public MembershipChain(int members = 4, int applicants = 2, MembershipRules? rules = null, PrivateKey? operatorKey = null)
    {
        var crypto = CryptoBackends.Default;
        Members = [.. Enumerable.Range(0, members).Select(i => PrivateKey.FromSeed($"membership/member/{i}", crypto))];
        Applicants = [.. Enumerable.Range(0, applicants).Select(i => PrivateKey.FromSeed($"membership/applicant/{i}", crypto))];
        Operator = operatorKey;
        var funded = Members.Concat(Applicants).Concat(operatorKey is null ? [] : [operatorKey]);
        Genesis = GenesisLoader.Create(
            "energychain-membership",
            1_795_000_000_000,
            "single",
            Members.Select((k, i) => new GenesisMember($"member-{i}", k.PublicKey)),
            funded.Select(k => new GenesisAccount(k.Address, Funds, 0)),
            new ChainParameters { ChainId = "energychain-membership", Membership = rules ?? new MembershipRules { MinDeposit = Deposit } });
        Chain = Blockchain.Open(new InMemoryBlockStore(), Genesis, new SignatureVerifier(crypto));
    }

    public PrivateKey[] Members { get; }

    public PrivateKey[] Applicants { get; }

    public PrivateKey? Operator { get; }

    public GenesisDocument Genesis { get; }

    public Blockchain Chain { get; }

    public MembershipState State => MembershipState.Read(Chain);

    /// <summary>The members that govern the next block.</summary>
    public IReadOnlyList<Address> NextMembers => [.. MembershipState.MembersAt(Chain, Chain.Head.Height + 1).Select(m => m.Address)];

    public Transaction Tx(PrivateKey from, TxPayload payload)
    {
        var nonce = _nonces.TryGetValue(from.Address, out var next) ? next : Chain.GetAccount(from.Address).Nonce;
        _nonces[from.Address] = nonce + 1;
        return Transaction.Create(Genesis.ChainId, from, nonce, 0, payload);
    }

    public Transaction Join(PrivateKey applicant, string name, ulong deposit = Deposit, PublicKey? meter = null) =>
        Tx(applicant, new MemberJoinPayload(name, meter, MemberRole.Household, "feeder-1", deposit));

    public Transaction Vote(PrivateKey voter, PrivateKey subject, bool approve = true) => Tx(voter, new MemberVotePayload(subject.Address, approve));

    /// <summary>Builds and commits a block with exactly <paramref name="transactions"/>; fails the test if one is left out.</summary>
    public Block Commit(params Transaction[] transactions)
    {
        var built = Chain.Executor.BuildBlock(Chain, transactions, Members[0], Chain.Head.Timestamp + 1000);
        Assert.True(built.Skipped.Count == 0, $"left out: {string.Join("; ", built.Skipped.Select(s => s.Reason))}");
        var result = Chain.TryAppend(built.Block);
        Assert.True(result.IsValid, result.ToString());
        return built.Block;
    }

    /// <summary>
    /// Offers <paramref name="tx"/> in a block of its own: the rejection, after checking the block is refused and the
    /// state did not change. The nonce it used is given back.
    /// </summary>
    public TxRejection Refused(Transaction tx)
    {
        _nonces[tx.SenderAddress] = tx.Nonce;
        var root = Chain.StateRoot;
        var header = new BlockHeader
        {
            Height = Chain.Head.Height + 1,
            ParentHash = Chain.Head.Hash,
            Timestamp = Chain.Head.Timestamp + 1,
            TxRoot = Block.ComputeTxRoot([tx]),
            StateRoot = root,
        }.SignWith(Members[0]);
        var result = Chain.TryAppend(new Block(header, [tx]));
        Assert.False(result.IsValid);
        Assert.Equal(root, Chain.StateRoot);
        return result.TxRejection ?? throw new InvalidOperationException($"the block was refused, but not for its transaction: {result}");
    }

    public ulong Supply()
    {
        var summary = SupplySummary.Of(Chain.SnapshotHeadState().Accounts);
        return summary.Total + summary.Slashed;
    }
}
