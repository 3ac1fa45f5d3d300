using System.Globalization;
using System.Security.Cryptography;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Storage;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// The node's home directory:
/// <code>
/// config.json   settings (api address and token, block interval, log level, mempool caps)
/// node.key      the node's secp256k1 key, hex, mode 0600
/// genesis.json  the chain this node belongs to
/// data/chain.db the block store (SQLite, WAL); data/chain.litedb with <c>store: litedb</c>
/// logs/         rolling log files
/// node.lock     held while a node runs on this home
/// </code>
/// </summary>
public sealed class NodeHome
{
    public NodeHome(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string ConfigPath => Path.Combine(Root, "config.json");

    public string KeyPath => Path.Combine(Root, "node.key");

    public string GenesisPath => Path.Combine(Root, "genesis.json");

    public string DataDirectory => Path.Combine(Root, "data");

    public string DatabasePath => StorePath(BlockStoreKind.Sqlite);

    /// <summary>The database file of a block store kind (each kind has its own).</summary>
    public string StorePath(BlockStoreKind kind) => Path.Combine(DataDirectory, BlockStores.FileName(kind));

    public string LogDirectory => Path.Combine(Root, "logs");

    public string LockPath => Path.Combine(Root, "node.lock");

    public bool IsInitialized => File.Exists(KeyPath) && File.Exists(ConfigPath) && File.Exists(GenesisPath);

    public PrivateKey LoadKey()
    {
        if (!File.Exists(KeyPath))
        {
            throw new NodeSetupException($"{Root} is not initialized (no node.key); run: energychain-node init --home {Root}");
        }

        return ReadKeyFile(KeyPath);
    }

    /// <summary>Writes a new key readable only by the owner (created with mode 0600, never wider).</summary>
    public PrivateKey CreateKey() => CreateKeyFile(KeyPath);

    /// <summary>
    /// Reads a key file as <see cref="CreateKeyFile"/> writes it (64 hex digits, the format <c>ecw key import</c>
    /// takes); refuses one that other users can read.
    /// </summary>
    public static PrivateKey ReadKeyFile(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            throw new NodeSetupException($"{path} is readable by other users; run: chmod 600 {path}");
        }

        try
        {
            return PrivateKey.FromBytes(Convert.FromHexString(File.ReadAllText(path).Trim()));
        }
        catch (FormatException e)
        {
            throw new NodeSetupException($"{path} does not hold a valid key: {e.Message}", e);
        }
    }

    /// <summary>Writes a new key to <paramref name="path"/>, which must not exist, readable only by the owner (mode 0600 from the start).</summary>
    public static PrivateKey CreateKeyFile(string path)
    {
        var key = PrivateKey.Generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToHexStringLower(key.ExportSecret()) + "\n");
        }

        return key;
    }

    public static string NewApiToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public override string ToString() => Root.ToString(CultureInfo.InvariantCulture);
}
