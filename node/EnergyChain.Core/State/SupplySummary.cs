using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Genesis;

namespace EnergyChain.Core.State;

/// <summary>
/// Where every micro-unit of a state is, by holder. A pure function of the accounts: sums do not depend on their
/// order, so every node reports the same figures for the same state root.
/// <para>
/// <see cref="Total"/> is every micro-unit that exists in state. Money leaves state only through slashing, which
/// records what it destroyed in the offender's <see cref="Account.SlashedTotal"/>, and enters it only through what
/// the consensus engine mints, so for any state of a chain:
/// <code>Total + Slashed = genesis supply + everything minted</code>
/// (minted: pow's block rewards, and rewards an engine mints into a system call; engines that mint nothing keep
/// <c>Total + Slashed</c> equal to the genesis supply). The penalty contract's balance is counted in
/// <see cref="Total"/> (it exists) and in <see cref="Burned"/> (nothing ever spends it).
/// </para>
/// <para>
/// Overflow: sums run in 128 bits and are checked, not saturated. A saturated figure would look plausible and
/// silently break the identity above, which is the point of the summary; a figure above 2^64-1 micro-units
/// (genesis caps the supply there, so only absurd minting reaches it) throws <see cref="OverflowException"/>.
/// </para>
/// </summary>
public sealed record SupplySummary
{
    private SupplySummary()
    {
    }

    /// <summary>Balances of every account but the system accounts: households, meters, users, deployed contracts.</summary>
    public ulong Balances { get; private init; }

    /// <summary>Stake plus unbonding over all accounts (unbonding is still slashable, so it is not yet a balance).</summary>
    public ulong Stake { get; private init; }

    /// <summary>The market escrow's balance: buyers' payments between a slot's clearing and its settlement.</summary>
    public ulong Escrow { get; private init; }

    /// <summary>The membership escrow's balance: deposits of open join requests and of current members.</summary>
    public ulong Deposits { get; private init; }

    /// <summary>The reward pool's balance: mining fees collected, not yet paid to the miners.</summary>
    public ulong Fees { get; private init; }

    /// <summary>The EDC's settlement account's balance.</summary>
    public ulong Edc { get; private init; }

    /// <summary>The trading and reward contracts' balances.</summary>
    public ulong Contracts { get; private init; }

    /// <summary>The penalty contract's balance: confiscated money, kept there forever.</summary>
    public ulong Penalty { get; private init; }

    /// <summary>Sum of <see cref="Account.SlashedTotal"/>: stake destroyed by slashing, no longer in state.</summary>
    public ulong Slashed { get; private init; }

    /// <summary>Money out of circulation: the penalty contract's balance plus everything slashed.</summary>
    public ulong Burned { get; private init; }

    /// <summary>Every micro-unit in state: the eight holdings above (<see cref="Slashed"/> is not among them).</summary>
    public ulong Total { get; private init; }

    /// <summary>The summary of <paramref name="accounts"/> (each address once, e.g. <see cref="LedgerState.SnapshotAccounts"/>).</summary>
    /// <exception cref="OverflowException">A figure exceeds 2^64-1 micro-units.</exception>
    public static SupplySummary Of(IEnumerable<KeyValuePair<Address, Account>> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        UInt128 balances = 0, stake = 0, escrow = 0, deposits = 0, fees = 0, edc = 0, contracts = 0, penalty = 0, slashed = 0;
        foreach (var (address, account) in accounts)
        {
            stake += (UInt128)account.Stake + account.Unbonding;
            slashed += account.SlashedTotal;

            // Accounts carrying Data (engine records, contract storage) have balance 0; should one hold money it
            // lands in Balances, so Total still misses nothing.
            var balance = account.Balance;
            if (address == SystemAddresses.MarketEscrow)
            {
                escrow += balance;
            }
            else if (address == SystemAddresses.MembershipEscrow)
            {
                deposits += balance;
            }
            else if (address == SystemAddresses.RewardPool)
            {
                fees += balance;
            }
            else if (address == SystemAddresses.Edc)
            {
                edc += balance;
            }
            else if (address == SystemAddresses.Trading || address == SystemAddresses.Reward)
            {
                contracts += balance;
            }
            else if (address == SystemAddresses.Penalty)
            {
                penalty += balance;
            }
            else
            {
                balances += balance;
            }
        }

        return new SupplySummary
        {
            Balances = Fit(balances, nameof(Balances)),
            Stake = Fit(stake, nameof(Stake)),
            Escrow = Fit(escrow, nameof(Escrow)),
            Deposits = Fit(deposits, nameof(Deposits)),
            Fees = Fit(fees, nameof(Fees)),
            Edc = Fit(edc, nameof(Edc)),
            Contracts = Fit(contracts, nameof(Contracts)),
            Penalty = Fit(penalty, nameof(Penalty)),
            Slashed = Fit(slashed, nameof(Slashed)),
            Burned = Fit(penalty + slashed, nameof(Burned)),
            Total = Fit(balances + stake + escrow + deposits + fees + edc + contracts + penalty, nameof(Total)),
        };
    }

    /// <summary>
    /// The summary of the state <paramref name="genesis"/> creates; its <see cref="Total"/> is the genesis supply
    /// (the sum of the genesis accounts' balances and stakes).
    /// </summary>
    /// <exception cref="OverflowException">The genesis supply exceeds 2^64-1 (the genesis file loader refuses that).</exception>
    public static SupplySummary OfGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return Of(genesis.InitialState().Accounts);
    }

    /// <summary>
    /// What has been minted since genesis: <c>Total + Slashed - genesisSupply</c>. Null when the state holds less
    /// than that identity allows, i.e. money vanished without being recorded as slashed, which no valid chain does.
    /// </summary>
    /// <exception cref="OverflowException">More than 2^64-1 micro-units were minted.</exception>
    public ulong? MintedSince(ulong genesisSupply)
    {
        var accounted = (UInt128)Total + Slashed;
        return accounted < genesisSupply ? null : Fit(accounted - genesisSupply, "minted");
    }

    private static ulong Fit(UInt128 sum, string figure) =>
        sum <= ulong.MaxValue ? (ulong)sum : throw new OverflowException($"supply: {figure} is {sum} micro-units, above 2^64-1");
}
