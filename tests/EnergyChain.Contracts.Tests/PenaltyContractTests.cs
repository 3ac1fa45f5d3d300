using EnergyChain.Contracts.Native;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using static EnergyChain.Contracts.Tests.ContractHarness;

namespace EnergyChain.Contracts.Tests;

public sealed class PenaltyContractTests
{
    private static readonly Address Penalty = SystemContracts.PenaltyAddress;

    [Fact]
    public void A_deposit_is_confiscated_once_per_offence_the_core_slashed_and_never_without_one()
    {
        var h = new ContractHarness(users: 3);
        var (member, caller, reporter) = (h.Users[0], h.Users[1], h.Users[2]);
        h.Commit(h.Test.Signed(member, 0, new StakePayload(1_000_000)));
        Assert.Equal(5_000, h.CallOk(member, Penalty, 0, 5_000).Returns.Single().Integer);

        // No offence on chain: nobody can take the deposit.
        var unproven = h.Call(caller, Penalty, 2, 0, B(AddressBytes(member.Address)), I(1_000));
        Assert.Equal((ContractStatus.Abort, 2), (unproven.Status, unproven.AbortCode));

        // The core verifies a double-sign evidence transaction and slashes the member at height 1.
        h.Commit(h.Test.Signed(reporter, 0, DoubleSign(member, height: 1)));
        Assert.Equal(1UL, h.Test.Chain.GetAccount(member.Address).LastSlashedHeight);

        var taken = h.CallOk(caller, Penalty, 2, 0, B(AddressBytes(member.Address)), I(1_000));
        Assert.Equal(1_000, taken.Returns.Single().Integer);
        var again = h.Call(caller, Penalty, 2, 0, B(AddressBytes(member.Address)), I(1_000));
        Assert.Equal((ContractStatus.Abort, 3), (again.Status, again.AbortCode));

        // A later offence allows one more confiscation; more than is left takes everything that is left.
        h.Commit(h.Test.Signed(reporter, 1, DoubleSign(member, height: 2)));
        var rest = h.CallOk(caller, Penalty, 2, 0, B(AddressBytes(member.Address)), I(1_000_000));
        Assert.Equal(4_000, rest.Returns.Single().Integer);
        Assert.Equal(0, h.CallOk(caller, Penalty, 3, 0, B(AddressBytes(member.Address))).Returns.Single().Integer);
        Assert.Equal(5_000, h.CallOk(caller, Penalty, 4, 0).Returns.Single().Integer);
        Assert.Equal(5_000UL, h.Balance(Penalty)); // confiscated money stays locked in the contract

        var withdraw = h.Call(member, Penalty, 1, 0, I(1));
        Assert.Equal((ContractStatus.Abort, 4), (withdraw.Status, withdraw.AbortCode));
    }

    private static EvidencePayload DoubleSign(PrivateKey signer, ulong height) =>
        EvidencePayload.DoubleSign(Header(signer, height, 1), Header(signer, height, 2));

    private static BlockHeader Header(PrivateKey signer, ulong height, byte variant) => new BlockHeader
    {
        Height = height,
        ParentHash = Hash256.Compute([variant]),
        Timestamp = TestChain.GenesisTime + variant,
        TxRoot = MerkleTree.EmptyRoot,
    }.SignWith(signer);

    [Fact]
    public void Deposit_can_be_withdrawn_when_not_confiscated()
    {
        var h = new ContractHarness(users: 1);
        var member = h.Users[0];
        var start = h.Balance(member);
        h.CallOk(member, Penalty, 0, 7_000);
        h.CallOk(member, Penalty, 1, 0, I(2_500));
        Assert.Equal(4_500, h.CallOk(member, Penalty, 3, 0, B(AddressBytes(member.Address))).Returns.Single().Integer);
        Assert.Equal(start - 4_500 - h.GasPaid(member), h.Balance(member));
    }
}
