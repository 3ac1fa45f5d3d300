using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using FsCheck;
using FsCheck.Fluent;

namespace EnergyChain.Core.Tests.State;

public sealed class LedgerStateTests
{
    private static Address Addr(int i) => new(Hash256.Compute(BitConverter.GetBytes(i)).ToArray()[..Address.Size]);

    [Fact]
    public void Incremental_root_equals_root_rebuilt_from_scratch()
    {
        // Apply random batches incrementally; after each, a fresh state from the same accounts must agree.
        var batches = Gen.ListOf(
            Gen.ListOf(
                from key in Gen.Choose(0, 300)
                from balance in Gen.Choose(0, 5).Select(x => (ulong)x)
                from nonce in Gen.Choose(0, 3).Select(x => (ulong)x)
                select (key, balance, nonce)));

        Prop.ForAll(batches.ToArbitrary(), list =>
        {
            var state = new LedgerState();
            var model = new Dictionary<Address, Account>();
            foreach (var batch in list)
            {
                var changes = new Dictionary<Address, Account>();
                foreach (var (key, balance, nonce) in batch)
                {
                    changes[Addr(key)] = new Account(balance, nonce, 0, 0);
                }

                var stateChanges = StateChanges.FromUnsorted(changes);
                var predicted = state.ComputeRootWith(stateChanges);
                state.Apply(stateChanges);
                foreach (var (address, account) in changes)
                {
                    if (account.IsEmpty)
                    {
                        model.Remove(address);
                    }
                    else
                    {
                        model[address] = account;
                    }
                }

                if (predicted != state.Root || LedgerState.FromAccounts(model).Root != state.Root || state.AccountCount != model.Count)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(1, 3)] // a few accounts: single paths up the tree
    [InlineData(2, 40)]
    [InlineData(3, 5_000)] // most buckets, so most siblings changed together
    public void Root_matches_a_whole_tree_recomputed_by_a_reference_model(int seed, int accountsPerBatch)
    {
        var random = new Random(seed);
        var state = new LedgerState();
        var model = new SortedDictionary<Address, Account>();
        for (var batch = 0; batch < 6; batch++)
        {
            var changes = new Dictionary<Address, Account>();
            for (var i = 0; i < accountsPerBatch; i++)
            {
                changes[Addr(random.Next(0, accountsPerBatch * 2))] = new Account((ulong)random.Next(0, 3), (ulong)random.Next(0, 2), 0, 0);
            }

            foreach (var (address, account) in changes)
            {
                if (account.IsEmpty)
                {
                    model.Remove(address);
                }
                else
                {
                    model[address] = account;
                }
            }

            var stateChanges = StateChanges.FromUnsorted(changes);
            var expected = ReferenceRoot(model);
            Assert.Equal(expected, state.ComputeRootWith(stateChanges));
            state.Apply(stateChanges);
            Assert.Equal(expected, state.Root);
        }
    }

    /// <summary>The documented construction, computed in full: bucket hashes, then every inner node.</summary>
    private static Hash256 ReferenceRoot(SortedDictionary<Address, Account> accounts)
    {
        var nodes = new Hash256[2 * LedgerState.BucketCount];
        var buckets = new CanonicalWriter[LedgerState.BucketCount];
        foreach (var (address, account) in accounts)
        {
            var writer = buckets[address.BucketKey(LedgerState.BucketBits)] ??= new CanonicalWriter();
            writer.WriteFixed(address.ToArray());
            account.Write(writer);
        }

        for (var b = 0; b < LedgerState.BucketCount; b++)
        {
            nodes[LedgerState.BucketCount + b] = Hash256.Compute(buckets[b] is { } writer ? writer.WrittenSpan : []);
        }

        for (var i = LedgerState.BucketCount - 1; i >= 1; i--)
        {
            nodes[i] = Hash256.Compute([0x01, .. nodes[2 * i].ToArray(), .. nodes[(2 * i) + 1].ToArray()]);
        }

        return nodes[1];
    }

    [Fact]
    public void Root_depends_on_every_field_and_not_on_insertion_order()
    {
        var accounts = Enumerable.Range(0, 50).Select(i => new KeyValuePair<Address, Account>(Addr(i), new Account((ulong)i + 1, 0, 0, 0))).ToList();
        var forward = LedgerState.FromAccounts(accounts).Root;
        var backward = LedgerState.FromAccounts(Enumerable.Reverse(accounts)).Root;
        Assert.Equal(forward, backward);

        var baseline = new Account(1, 2, 3, 4, 5, 6, 7, 8);
        var roots = new[]
            {
                baseline, baseline with { Balance = 9 }, baseline with { Nonce = 9 }, baseline with { Stake = 9 }, baseline with { SlashedTotal = 9 },
                baseline with { Unbonding = 9 }, baseline with { UnbondingReleaseHeight = 9 }, baseline with { ExcludedUntilHeight = 9 },
                baseline with { LastSlashedHeight = 9 },
            }
            .Select(a => LedgerState.FromAccounts([new(Addr(1), a)]).Root)
            .ToHashSet();
        Assert.Equal(9, roots.Count);
    }

    [Fact]
    public void An_account_set_to_empty_is_the_same_as_never_existing()
    {
        var state = LedgerState.FromAccounts([new(Addr(1), new Account(5, 0, 0, 0)), new(Addr(2), new Account(7, 0, 0, 0))]);
        state.Apply(new StateChanges([new(Addr(2), Account.Empty)]));
        Assert.Equal(LedgerState.FromAccounts([new(Addr(1), new Account(5, 0, 0, 0))]).Root, state.Root);
        Assert.Equal(1, state.AccountCount);
    }

    [Fact]
    public void ComputeRootWith_does_not_change_the_state()
    {
        var state = LedgerState.FromAccounts([new(Addr(1), new Account(5, 0, 0, 0))]);
        var before = state.Root;
        var other = state.ComputeRootWith(new StateChanges([new(Addr(3), new Account(1, 0, 0, 0))]));
        Assert.NotEqual(before, other);
        Assert.Equal(before, state.Root);
        Assert.Equal(Account.Empty, state.GetAccount(Addr(3)));
    }

    [Fact]
    public void Unsorted_changes_are_refused()
    {
        var a = Addr(1);
        var b = Addr(2);
        var (low, high) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
        Assert.Throws<ArgumentException>(() => new StateChanges([new(high, Account.Empty), new(low, Account.Empty)]));
        Assert.Throws<ArgumentException>(() => new StateChanges([new(low, Account.Empty), new(low, Account.Empty)]));
    }
}
