using EnergyChain.Contracts.Native;
using EnergyChain.Core.Execution;
using static EnergyChain.Contracts.Tests.ContractHarness;

namespace EnergyChain.Contracts.Tests;

public sealed class TradingContractTests
{
    private const ushort Offer = 0, Bid = 1, Clear = 2, Report = 3, Timeout = 4, WithdrawDeposit = 5,
        SetFeeDue = 6, PayFee = 7, Claim = 8, TradeInfo = 9, HeldOf = 10;

    private static readonly Core.Crypto.Address Trading = SystemContracts.TradingAddress;

    [Fact]
    public void Full_slot_clears_escrows_delivers_and_settles()
    {
        var h = new ContractHarness(users: 6);
        var (s1, s2, s3, b1, b2) = (h.Users[0], h.Users[1], h.Users[2], h.Users[3], h.Users[4]);
        var start = h.Users.Select(h.Balance).ToArray();
        const long slot = 7;

        // Offers (seller deposit as value) and bids (escrow = wh x max price exactly).
        Assert.Equal(1, Int(h.CallOk(s1, Trading, Offer, 500, I(slot), I(100), I(10))));
        Assert.Equal(2, Int(h.CallOk(s2, Trading, Offer, 300, I(slot), I(100), I(20))));
        Assert.Equal(3, Int(h.CallOk(s3, Trading, Offer, 200, I(slot), I(100), I(40))));
        Assert.Equal(4, Int(h.CallOk(b1, Trading, Bid, 150 * 30, I(slot), I(150), I(30))));
        Assert.Equal(5, Int(h.CallOk(b2, Trading, Bid, 100 * 15, I(slot), I(100), I(15))));
        Assert.Equal(500UL + 300 + 200 + 4500 + 1500, h.Balance(Trading));

        // A bid whose value is not wh x price aborts with 3 and moves nothing.
        var wrong = h.Call(b2, Trading, Bid, 99, I(slot), I(10), I(10));
        Assert.Equal((ContractStatus.Abort, 3), (wrong.Status, wrong.AbortCode));

        // Clearing: S1-B1 100 Wh, S2-B1 50 Wh; B2 (15) does not reach S3 (40) nor the rest of S2 (20).
        // Uniform price = floor((20 + 30) / 2) = 25.
        var cleared = h.CallOk(b2, Trading, Clear, 0, I(slot));
        Assert.Equal(2, Int(cleared));
        Assert.Equal(2, cleared.Events.Count);
        Assert.Equal((100L, 25L, 0L), Info(h, 1));
        Assert.Equal((50L, 25L, 0L), Info(h, 2));

        // Escrow after clearing: B1 got 4500 - 3750 back, B2 all 1500, S3 its deposit; S1 and S2 deposits stay.
        Assert.Equal(500UL + 300 + 2500 + 1250, h.Balance(Trading));
        Assert.Equal(2, Abort(h.Call(s1, Trading, Offer, 0, I(slot), I(1), I(1)))); // slot closed

        // Delivery: t1 fully confirmed; t2 the buyer's meter says 40 of 50 Wh.
        h.CallOk(s1, Trading, Report, 0, I(1), I(100));
        h.CallOk(b1, Trading, Report, 0, I(1), I(100));
        h.CallOk(s2, Trading, Report, 0, I(2), I(50));
        var third = h.Call(s3, Trading, Report, 0, I(2), I(50));
        Assert.Equal(4, Abort(third)); // not a party
        h.CallOk(b1, Trading, Report, 0, I(2), I(40));
        Assert.Equal((100L, 25L, 1L), Info(h, 1));
        Assert.Equal((50L, 25L, 1L), Info(h, 2));
        Assert.Equal(5, Abort(h.Call(b1, Trading, Report, 0, I(2), I(50)))); // settled already

        // Deposits back once the trades are done.
        Assert.Equal(500, Int(h.CallOk(s1, Trading, WithdrawDeposit, 0, I(1))));
        Assert.Equal(300, Int(h.CallOk(s2, Trading, WithdrawDeposit, 0, I(2))));
        Assert.Equal(0UL, h.Balance(Trading));

        // Net money: each party's change is exactly its trade flows minus the gas it paid.
        long[] expected = [100 * 25, 40 * 25, 0, -(100 * 25) - (40 * 25), 0, 0];
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal((long)start[i] + expected[i] - (long)h.GasPaid(h.Users[i]), (long)h.Balance(h.Users[i]));
        }
    }

    [Fact]
    public void Timeout_refunds_the_buyer_and_takes_the_penalty_from_the_seller_deposit()
    {
        var h = new ContractHarness(users: 3);
        var (seller, buyer) = (h.Users[0], h.Users[1]);
        var start = (Seller: h.Balance(seller), Buyer: h.Balance(buyer));
        h.CallOk(seller, Trading, Offer, 1_000, I(1), I(100), I(10));
        h.CallOk(buyer, Trading, Bid, 1_000, I(1), I(100), I(10));
        Assert.Equal(1, Int(h.CallOk(buyer, Trading, Clear, 0, I(1))));
        Assert.Equal((100L, 10L, 0L), Info(h, 1));
        h.CallOk(buyer, Trading, Report, 0, I(1), I(0)); // the buyer received nothing; the seller never reports

        Assert.Equal(6, Abort(h.Call(buyer, Trading, Timeout, 0, I(1)))); // before the deadline
        Assert.Equal(8, Abort(h.Call(seller, Trading, WithdrawDeposit, 0, I(1)))); // trade still open
        h.AdvanceBlocks(20);
        h.CallOk(buyer, Trading, Timeout, 0, I(1));
        Assert.Equal((100L, 10L, 2L), Info(h, 1));
        Assert.Equal(5, Abort(h.Call(buyer, Trading, Timeout, 0, I(1))));

        // Buyer: payment 1000 back + penalty min(10 % of 1000, deposit 1000) = 100; seller keeps 900 of the deposit.
        Assert.Equal(900, Int(h.CallOk(seller, Trading, WithdrawDeposit, 0, I(1))));
        Assert.Equal(start.Buyer + 100 - h.GasPaid(buyer), h.Balance(buyer));
        Assert.Equal(start.Seller - 100 - h.GasPaid(seller), h.Balance(seller));
        Assert.Equal(0UL, h.Balance(Trading));
    }

    [Fact]
    public void Penalty_is_capped_by_what_is_left_of_the_deposit()
    {
        var h = new ContractHarness(users: 3);
        var (seller, buyer) = (h.Users[0], h.Users[1]);
        var start = h.Balance(buyer);
        h.CallOk(seller, Trading, Offer, 30, I(1), I(100), I(10));
        h.CallOk(buyer, Trading, Bid, 1_000, I(1), I(100), I(10));
        h.CallOk(buyer, Trading, Clear, 0, I(1));
        h.AdvanceBlocks(20);
        h.CallOk(seller, Trading, Timeout, 0, I(1)); // anyone may time a trade out
        Assert.Equal(start + 30 - h.GasPaid(buyer), h.Balance(buyer));
        Assert.Equal(0, Int(h.CallOk(seller, Trading, WithdrawDeposit, 0, I(1))));
    }

    [Fact]
    public void Selfish_seller_has_its_profit_held_until_the_mining_fee_is_paid()
    {
        var h = new ContractHarness(users: 3);
        var (seller, buyer) = (h.Users[0], h.Users[1]);
        h.Commit(h.Test.Transfer(h.Users[2], h.Producer.Address, 10_000_000)); // the producer needs gas money

        Assert.Equal(9, Abort(h.Call(buyer, Trading, SetFeeDue, 0, B(AddressBytes(seller.Address)), I(500))));
        h.CallOk(h.Producer, Trading, SetFeeDue, 0, B(AddressBytes(seller.Address)), I(500));

        h.CallOk(seller, Trading, Offer, 0, I(3), I(10), I(100));
        h.CallOk(buyer, Trading, Bid, 1_000, I(3), I(10), I(100));
        h.CallOk(buyer, Trading, Clear, 0, I(3));
        var before = h.Balance(seller);
        var gasBefore = h.GasPaid(seller);
        h.CallOk(seller, Trading, Report, 0, I(1), I(10));
        h.CallOk(buyer, Trading, Report, 0, I(1), I(10));
        Assert.Equal(before - (h.GasPaid(seller) - gasBefore), h.Balance(seller)); // nothing paid out
        Assert.Equal(1_000, Int(h.CallOk(buyer, Trading, HeldOf, 0, B(AddressBytes(seller.Address)))));
        Assert.Equal(11, Abort(h.Call(seller, Trading, Claim, 0)));

        Assert.Equal(10, Abort(h.Call(seller, Trading, PayFee, 501)));
        var producerBefore = h.Balance(h.Producer);
        var paid = h.CallOk(seller, Trading, PayFee, 500);
        Assert.Equal(0, Int(paid));
        Assert.Equal(producerBefore + 500 + paid.GasFee, h.Balance(h.Producer));

        var sellerBefore = h.Balance(seller);
        var claim = h.CallOk(seller, Trading, Claim, 0);
        Assert.Equal(1_000, Int(claim));
        Assert.Equal(sellerBefore + 1_000 - claim.GasFee, h.Balance(seller));
        Assert.Equal(0UL, h.Balance(Trading));
    }

    private static (long, long, long) Info(ContractHarness h, long trade)
    {
        var r = h.CallOk(h.Users[^1], Trading, TradeInfo, 0, I(trade));
        return (r.Returns[0].Integer, r.Returns[1].Integer, r.Returns[2].Integer);
    }

    private static long Int(ContractReceipt receipt) => receipt.Returns.Single().Integer;

    private static int Abort(ContractReceipt receipt)
    {
        Assert.Equal(ContractStatus.Abort, receipt.Status);
        return receipt.AbortCode;
    }
}
