using EnergyChain.Contracts.Host;
using EnergyChain.Contracts.Native;
using EnergyChain.Contracts.Runtime;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Market;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using EnergyChain.Vm.Assembly;
using static EnergyChain.Contracts.Tests.ContractHarness;

namespace EnergyChain.Contracts.Tests;

public sealed class RuntimeTests
{
    // f0 write(x)  f1 get()->x  f2 write_then_abort(x)  f3 write_then_fault(x)  f4 write_then_spin(x)
    // Each failing function first writes storage and pays half the call value back to the caller.
    private const string Probe = """
        func write 1 0 2 0
            pushb "k"
            ldloc 0
            syscall 2 2 0
            ret
        func get 0 0 1 1
            pushb "k"
            syscall 1 1 1
            ret
        func write_then_abort 1 0 2 0
            ldloc 0
            call write
            call pay_back
            abort 7
        func write_then_fault 1 0 2 0
            ldloc 0
            call write
            call pay_back
            push 1
            push 0
            div
            drop
            ret
        func write_then_spin 1 0 2 0
            ldloc 0
            call write
            call pay_back
        spin:
            jmp spin
        func pay_back 0 0 3 0
            syscall 16 0 1
            syscall 18 0 1
            push 2
            div
            syscall 20 2 0
            pushb "paid"
            pushb "x"
            syscall 48 2 0
            ret
        """;

    private static (ContractHarness H, Address Contract) Deployed()
    {
        var h = new ContractHarness(users: 2);
        var deployer = h.Users[0];
        var nonce = h.Test.Chain.GetAccount(deployer.Address).Nonce;
        var result = h.Commit(h.DeployTx(deployer, Assembler.AssembleBytes(Probe)));
        var receipt = result.ContractReceipts.Single();
        Assert.Equal(ContractStatus.Ok, receipt.Status);
        Assert.Equal(ContractDeployPayload.ContractAddress(deployer.Address, nonce), receipt.Contract);
        Assert.Equal((ulong)ContractRuntime.DeployGas(Assembler.AssembleBytes(Probe).Length), receipt.GasUsed);
        return (h, receipt.Contract);
    }

    [Fact]
    public void Deployed_contract_keeps_storage_in_the_state_root()
    {
        var (h, contract) = Deployed();
        var rootBefore = h.Test.Chain.StateRoot;
        h.CallOk(h.Users[1], contract, 0, 0, I(42));
        Assert.NotEqual(rootBefore, h.Test.Chain.StateRoot);
        Assert.Equal(42, h.CallOk(h.Users[1], contract, 1, 0).Returns.Single().Integer);
        Assert.NotNull(ContractStore.CodeOf(h.Test.Chain.GetAccount(contract)));
        Assert.NotNull(ContractStore.ReadValue(h.Test.Chain, contract, "k"u8));
    }

    [Theory]
    [InlineData(2, ContractStatus.Abort)]
    [InlineData(3, ContractStatus.Fault)]
    [InlineData(4, ContractStatus.OutOfGas)]
    public void Failed_call_rolls_back_everything_but_keeps_the_fee(ushort function, ContractStatus status)
    {
        var (h, contract) = Deployed();
        h.CallOk(h.Users[1], contract, 0, 0, I(1));
        var caller = h.Users[1];
        var before = (Caller: h.Test.Chain.GetAccount(caller.Address), Contract: h.Test.Chain.GetAccount(contract),
            Producer: h.Balance(h.Producer), Value: ContractStore.ReadValue(h.Test.Chain, contract, "k"u8));

        var result = h.Commit(h.CallTx(caller, contract, function, 1_000, I(99)));
        var receipt = result.ContractReceipts.Single();
        Assert.Equal(status, receipt.Status);
        Assert.Empty(receipt.Events);
        if (status == ContractStatus.OutOfGas)
        {
            Assert.Equal(ContractHarness.Gas, receipt.GasUsed);
        }

        // Only the caller (fee, nonce) and the producer (fee) changed.
        Assert.Equal(2, result.Changes.Accounts.Count);
        var after = h.Test.Chain.GetAccount(caller.Address);
        Assert.Equal(before.Caller.Balance - receipt.GasFee, after.Balance);
        Assert.Equal(before.Caller.Nonce + 1, after.Nonce);
        Assert.Equal(before.Contract, h.Test.Chain.GetAccount(contract));
        Assert.Equal(before.Value, ContractStore.ReadValue(h.Test.Chain, contract, "k"u8));
        Assert.Equal(before.Producer + receipt.GasFee, h.Balance(h.Producer));
        Assert.Equal(1, h.CallOk(caller, contract, 1, 0).Returns.Single().Integer);
    }

    [Fact]
    public void Successful_call_charges_only_the_gas_used()
    {
        var (h, contract) = Deployed();
        var caller = h.Users[1];
        var before = h.Balance(caller);
        var receipt = h.CallOk(caller, contract, 0, 0, I(5));
        Assert.True(receipt.GasUsed is > 0 and < ContractHarness.Gas);
        Assert.Equal(receipt.GasUsed * ContractRuntime.GasPrice, receipt.GasFee);
        Assert.Equal(before - receipt.GasFee, h.Balance(caller));
    }

    [Fact]
    public void Invalid_contract_transactions_are_refused()
    {
        var h = new ContractHarness(users: 1);
        var user = h.Users[0];
        Assert.Equal(TxError.InvalidContract, Refusal(h, h.Test.Signed(user, 0, new ContractDeployPayload([1, 2, 3], [], ContractHarness.Gas))));
        Assert.Equal(TxError.InvalidContract, Refusal(h, CallAt0(h, PrivateKey.FromSeed("nobody").Address, 0)));
        Assert.Equal(TxError.InvalidContract, Refusal(h, CallAt0(h, SystemContracts.RewardAddress, 0, I(1)))); // 2 args needed
        Assert.Equal(TxError.InvalidContract, Refusal(h, CallAt0(h, SystemContracts.RewardAddress, 200)));
        var tooRich = h.Test.Signed(user, 0, new ContractCallPayload(SystemContracts.PenaltyAddress, 0, [], TestChain.InitialBalance, 1));
        Assert.Equal(TxError.InsufficientBalance, Refusal(h, tooRich));
        var lowGas = h.Test.Signed(user, 0, new ContractDeployPayload(Assembler.AssembleBytes(Probe), [], 10));
        Assert.Equal(TxError.Malformed, Refusal(h, lowGas));
    }

    [Fact]
    public void A_chain_without_a_runtime_refuses_contract_transactions()
    {
        var chain = new TestChain(users: 1);
        var tx = chain.Signed(chain.Users[0], 0, new ContractCallPayload(SystemContracts.TradingAddress, 0, [], 0, 100));
        var built = chain.Chain.Executor.BuildBlock(chain.Chain, [tx], chain.Producer, chain.Chain.Head.Timestamp + 1);
        Assert.Equal(TxError.ContractsDisabled, built.Skipped.Single().Reason.Error);
    }

    [Fact]
    public void A_second_chain_reexecutes_contract_blocks_to_the_same_roots()
    {
        var (h, contract) = Deployed();
        h.Commit(
            h.CallTx(h.Users[0], SystemContracts.TradingAddress, 0, 100, I(1), I(10), I(5)),
            h.CallTx(h.Users[1], SystemContracts.TradingAddress, 1, 100, I(1), I(10), I(10)),
            h.CallTx(h.Users[1], contract, 2, 10, I(3)));
        h.Commit(
            h.CallTx(h.Users[0], SystemContracts.TradingAddress, 2, 0, I(1)),
            h.CallTx(h.Users[1], contract, 0, 0, I(8)));

        var replica = new TestChain(users: 2, seed: "contracts", contracts: new ContractRuntime());
        foreach (var block in h.Blocks)
        {
            var result = replica.Chain.TryAppend(block);
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(block.Header.StateRoot, replica.Chain.StateRoot);
        }

        Assert.Equal(h.Test.Chain.StateRoot, replica.Chain.StateRoot);

        // A chain that cannot run contracts refuses the same blocks.
        var plain = new TestChain(users: 2, seed: "contracts");
        Assert.Equal(BlockError.InvalidTransaction, plain.Chain.TryAppend(h.Blocks[0]).Error);
    }

    [Fact]
    public void Double_auction_matches_by_price_and_uses_the_midpoint_of_the_last_pair()
    {
        byte[] offers = Records((1, 100, 10), (2, 100, 20), (3, 100, 40));
        byte[] bids = Records((4, 150, 30), (5, 100, 15));
        Assert.True(DoubleAuction.TryClear(offers, bids, out var matches, out var price));
        Assert.Equal(25, price);
        Assert.Equal(Records((1, 4, 100), (2, 4, 50)), matches);

        Assert.True(DoubleAuction.TryClear(Records((1, 5, 50)), Records((2, 5, 49)), out matches, out price));
        Assert.Empty(matches);
        Assert.Equal(0, price);
        Assert.False(DoubleAuction.TryClear([1, 2, 3], [], out _, out _));
        Assert.False(DoubleAuction.TryClear(Records((1, 0, 5)), [], out _, out _));
    }

    private static byte[] Records(params (long A, long B, long C)[] records)
    {
        var bytes = new byte[records.Length * 24];
        for (var i = 0; i < records.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(i * 24), records[i].A);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan((i * 24) + 8), records[i].B);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan((i * 24) + 16), records[i].C);
        }

        return bytes;
    }

    private static Transaction CallAt0(ContractHarness h, Address contract, ushort function, params ContractArg[] args) =>
        h.Test.Signed(h.Users[0], 0, new ContractCallPayload(contract, function, args, 0, ContractHarness.Gas));

    private static TxError Refusal(ContractHarness h, Transaction tx)
    {
        var built = h.Test.Chain.Executor.BuildBlock(h.Test.Chain, [tx], h.Producer, h.Test.Chain.Head.Timestamp + 1);
        return built.Skipped.Single().Reason.Error;
    }
}
