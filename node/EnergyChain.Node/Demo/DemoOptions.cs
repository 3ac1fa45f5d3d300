namespace EnergyChain.Node.Demo;

internal sealed record DemoOptions(DirectoryInfo? Home, int Households, int Blocks, int TxsPerBlock, string Seed)
{
    public string? Validate() => Households < 2 ? "--households must be at least 2"
        : Blocks < 1 ? "--blocks must be at least 1"
        : TxsPerBlock is < 0 or > 10_000 ? "--txs-per-block must be between 0 and 10000"
        : null;
}
