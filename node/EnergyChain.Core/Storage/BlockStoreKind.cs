namespace EnergyChain.Core.Storage;

/// <summary>Which <see cref="IBlockStore"/> on disk a node uses (<c>store</c> in the node config).</summary>
public enum BlockStoreKind
{
    /// <summary><see cref="SqliteBlockStore"/>, the default.</summary>
    Sqlite,
    /// <summary><see cref="LiteDbBlockStore"/>.</summary>
    LiteDb,
}
