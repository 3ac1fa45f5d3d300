using System.Globalization;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Node.Hosting;

/// <summary><c>energychain-node init</c>: node key, config, data directory and genesis.</summary>
public static class NodeInitializer
{
    public static int Init(NodeHome home, FileInfo? genesisFile, string chainId, IReadOnlyList<string> fund, TextWriter output, TimeProvider time)
    {
        try
        {
            if (File.Exists(home.KeyPath))
            {
                throw new NodeSetupException($"{home.Root} is already initialized (node.key exists); use another --home");
            }

            // Validate everything before writing anything.
            var funded = fund.Select(ParseFunding).ToList();
            GenesisDocument? given = null;
            if (genesisFile is not null)
            {
                given = GenesisLoader.LoadFile(genesisFile.FullName);
                if (funded.Count > 0)
                {
                    throw new NodeSetupException("--fund only applies to a generated genesis; put accounts in the --genesis file instead");
                }
            }
            else if (!ChainId.IsValid(chainId, out var chainError))
            {
                throw new NodeSetupException($"--chain-id: {chainError}");
            }

            Directory.CreateDirectory(home.Root);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(home.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.CreateDirectory(home.DataDirectory);
            Directory.CreateDirectory(home.LogDirectory);
            var key = home.CreateKey();
            new NodeConfig { ApiToken = NodeHome.NewApiToken() }.Save(home.ConfigPath);
            var genesis = given ?? GenesisLoader.Create(
                chainId,
                time.GetUtcNow().ToUnixTimeMilliseconds(),
                "single",
                [new GenesisMember("node-1", key.PublicKey)],
                funded);
            File.WriteAllText(home.GenesisPath, GenesisLoader.ToJson(genesis));

            output.WriteLine($"initialized {home.Root}");
            output.WriteLine($"  node address  {key.Address}");
            output.WriteLine($"  node key      {key.PublicKey}");
            output.WriteLine($"  chain         {genesis.ChainId} (genesis {genesis.Hash})");
            output.WriteLine(genesis.Members.Any(m => m.PublicKey.Equals(key.PublicKey))
                ? "  this node is a genesis member"
                : "  note: this node's key is not a genesis member; add it to the genesis members to let it take part");
            output.WriteLine($"start it with: energychain-node run --home {home.Root}");
            return 0;
        }
        catch (Exception e) when (e is NodeSetupException or GenesisException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>ADDRESS=AMOUNT with the amount in micro-units.</summary>
    private static GenesisAccount ParseFunding(string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2)
        {
            throw new NodeSetupException($"--fund '{text}': expected ADDRESS=MICRO_UNITS");
        }

        if (!Address.TryParse(parts[0], out var address, out var error))
        {
            throw new NodeSetupException($"--fund '{text}': {error}");
        }

        if (!ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            throw new NodeSetupException($"--fund '{text}': the amount must be a whole number of micro-units");
        }

        return new GenesisAccount(address, amount, 0);
    }
}
