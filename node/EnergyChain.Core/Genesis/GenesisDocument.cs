using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Genesis;

/// <summary>
/// The parsed genesis file. Its <see cref="Hash"/> (over a canonical binary form, not the JSON text, so
/// formatting does not matter) identifies the chain; the genesis block's parent hash is set to it.
/// </summary>
public sealed class GenesisDocument
{
    private static readonly byte[] HashTag = "EnergyChain/genesis/v1"u8.ToArray();

    internal GenesisDocument(
        string chainId,
        long genesisTime,
        string engine,
        string engineParametersJson,
        ChainParameters parameters,
        IReadOnlyList<GenesisMember> members,
        IReadOnlyList<GenesisAccount> accounts)
    {
        ChainId = chainId;
        GenesisTime = genesisTime;
        Engine = engine;
        EngineParametersJson = engineParametersJson;
        Parameters = parameters;
        Members = members;
        Accounts = accounts;
        Hash = ComputeHash();
    }

    public string ChainId { get; }

    /// <summary>Unix milliseconds; the genesis block's timestamp.</summary>
    public long GenesisTime { get; }

    /// <summary>Name of the consensus engine (<c>genesis.consensus.engine</c>); the core does not interpret it.</summary>
    public string Engine { get; }

    /// <summary>The engine's parameters as canonical JSON (keys sorted, no whitespace).</summary>
    public string EngineParametersJson { get; }

    public ChainParameters Parameters { get; }

    public IReadOnlyList<GenesisMember> Members { get; }

    /// <summary>Funded accounts in address order.</summary>
    public IReadOnlyList<GenesisAccount> Accounts { get; }

    public Hash256 Hash { get; }

    /// <summary>The funded accounts and the membership record (<see cref="MembershipState"/>) with the genesis members.</summary>
    public StateChanges InitialState()
    {
        var overlay = new StateOverlay(new LedgerState());
        foreach (var account in Accounts)
        {
            overlay.SetAccount(account.Address, new Account(account.Balance, 0, account.Stake, 0));
        }

        new MembershipState(MembershipState.Canonical(Members.Select(m => m.ToRecord())), [], []).Write(overlay);
        return overlay.ToChanges();
    }

    /// <summary>Block 0: no producer, no transactions, the initial state's root.</summary>
    public Block CreateGenesisBlock()
    {
        var state = new LedgerState();
        state.Apply(InitialState());
        var header = new BlockHeader
        {
            Height = 0,
            ParentHash = Hash,
            Timestamp = GenesisTime,
            TxRoot = MerkleTree.EmptyRoot,
            StateRoot = state.Root,
        };
        return new Block(header, []);
    }

    private Hash256 ComputeHash()
    {
        var writer = new CanonicalWriter(1024);
        writer.WriteShortAscii(ChainId);
        writer.WriteI64(GenesisTime);
        writer.WriteShortAscii(Engine);
        writer.WriteBytes(System.Text.Encoding.UTF8.GetBytes(EngineParametersJson));
        writer.WriteU32((uint)Parameters.MaxBlockTransactions);
        writer.WriteU32((uint)Parameters.MaxBlockBytes);
        writer.WriteU64(Parameters.MinTxFee);
        writer.WriteU64(Parameters.UnbondingBlocks);
        writer.WriteU64(Parameters.SlashPpm);
        writer.WriteU64(Parameters.ExclusionBlocks);
        writer.WriteU32((uint)Members.Count);
        foreach (var member in Members)
        {
            writer.WriteBytes(System.Text.Encoding.UTF8.GetBytes(member.Name));
            writer.WriteFixed(member.PublicKey.Span);
            writer.WriteU8((byte)member.Role);
            writer.WriteShortAscii(member.Location);
        }

        var membership = Parameters.Membership;
        writer.WriteU8((byte)membership.Admission);
        writer.WriteFixed(membership.OperatorKey is { } operatorKey ? operatorKey.Span : new byte[PublicKey.Size]);
        writer.WriteU64(membership.MinDeposit);
        writer.WriteU64(membership.ActivationDelayBlocks);
        writer.WriteU32((uint)membership.MinMembers);
        writer.WriteU32((uint)membership.MaxMembers);
        writer.WriteU32((uint)membership.MaxOpenProposals);

        writer.WriteU32((uint)Accounts.Count);
        Span<byte> address = stackalloc byte[Address.Size];
        foreach (var account in Accounts)
        {
            account.Address.CopyTo(address);
            writer.WriteFixed(address);
            writer.WriteU64(account.Balance);
            writer.WriteU64(account.Stake);
        }

        return Hash256.ComputeTagged(HashTag, writer.WrittenSpan);
    }
}
