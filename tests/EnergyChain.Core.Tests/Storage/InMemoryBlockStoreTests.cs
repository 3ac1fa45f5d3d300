using EnergyChain.Core.Storage;

namespace EnergyChain.Core.Tests.Storage;

public sealed class InMemoryBlockStoreTests : BlockStoreContractTests
{
    protected override IBlockStore CreateEmptyStore(BlockStoreOptions? options) => new InMemoryBlockStore(options);
}
