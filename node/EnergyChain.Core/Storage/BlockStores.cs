namespace EnergyChain.Core.Storage;

/// <summary>Opens the store of a <see cref="BlockStoreKind"/>, and names the kinds as the node config spells them.</summary>
public static class BlockStores
{
    /// <summary>The config spellings, in <see cref="BlockStoreKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sqlite", "litedb"];

    public static bool TryParse(string? name, out BlockStoreKind kind)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(name, Names[i], StringComparison.OrdinalIgnoreCase))
            {
                kind = (BlockStoreKind)i;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string Name(BlockStoreKind kind) => Names[(int)kind];

    /// <summary>
    /// The file name of a kind's database in a data directory: each kind has its own, so switching the config
    /// starts an empty store beside the old one instead of handing one engine the other's file.
    /// </summary>
    public static string FileName(BlockStoreKind kind) => kind switch
    {
        BlockStoreKind.Sqlite => "chain.db",
        BlockStoreKind.LiteDb => "chain.litedb",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown block store kind"),
    };

    public static IBlockStore Open(BlockStoreKind kind, string path, BlockStoreOptions? options = null) => kind switch
    {
        BlockStoreKind.Sqlite => SqliteBlockStore.Open(path, options),
        BlockStoreKind.LiteDb => LiteDbBlockStore.Open(path, options),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown block store kind"),
    };
}
