namespace EnergyChain.Core.Tests.Storage;

/// <summary>Finality proofs (commit certificates) are stored with their block, for every store.</summary>
public abstract partial class BlockStoreContractTests
{
    [Fact]
    public void A_finality_proof_is_stored_with_its_block_and_goes_when_the_block_is_reverted()
    {
        var source = new RecordedChain(users: 3, seed: "store/finality");
        source.Produce(blocks: 3, txsPerBlock: 2);
        var store = NewStore();
        source.CommitInto(store, upTo: 1);
        var (second, secondChanges) = source.Blocks[2];
        store.CommitBlock(second, secondChanges, new byte[] { 1, 2, 3 });
        var (third, thirdChanges) = source.Blocks[3];
        store.CommitBlock(third, thirdChanges, new byte[] { 9 });

        Assert.Null(store.GetFinalityProof(1));
        Assert.Equal(new byte[] { 1, 2, 3 }, store.GetFinalityProof(2));
        Assert.Equal(new byte[] { 9 }, store.GetFinalityProof(3));
        Assert.Null(store.GetFinalityProof(4));
        Assert.Null(store.GetFinalityProof(ulong.MaxValue));

        store.RevertHead();
        Assert.Null(store.GetFinalityProof(3));
        Assert.Equal(new byte[] { 1, 2, 3 }, store.GetFinalityProof(2));
    }
}
