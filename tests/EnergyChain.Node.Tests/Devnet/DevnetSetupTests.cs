using System.Text.Json;
using EnergyChain.Core.Genesis;
using EnergyChain.Node.Devnet;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Tests.Devnet;

/// <summary>The devnet's argument checks, directory handling, genesis and devnet.json, without starting nodes.</summary>
public sealed class DevnetSetupTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("energychain-devnet-unit-");

    private string Dir => Path.Combine(_root.FullName, "devnet");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData("proof-of-magic", "--engine")]
    [InlineData("nonsense", "--engine")]
    public void An_engine_the_node_does_not_know_is_refused(string engine, string expected)
    {
        var (exit, _, error) = Run(new DevnetOptions { Engine = engine, Home = Dir });
        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains($"'{engine}'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dir));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(DevnetOptions.MaxNodes + 1)]
    public void A_node_count_out_of_range_is_refused(int nodes)
    {
        var (exit, _, error) = Run(new DevnetOptions { Nodes = nodes, Home = Dir });
        Assert.Equal(2, exit);
        Assert.Contains("--nodes", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dir));
    }

    [Fact]
    public void Other_bad_values_are_refused_with_the_option_named()
    {
        Assert.Contains("--accounts", new DevnetOptions { Accounts = -1 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("--block-interval", new DevnetOptions { BlockIntervalMs = 5 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("--duration", new DevnetOptions { DurationSeconds = 0 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("--chain-id", new DevnetOptions { ChainId = string.Empty }.Validate(), StringComparison.Ordinal);
        Assert.Contains("--log-level", new DevnetOptions { LogLevel = "Loud" }.Validate(), StringComparison.Ordinal);
        Assert.Null(new DevnetOptions { LogLevel = "warning" }.Validate());
        Assert.Null(new DevnetOptions().Validate());
        Assert.Null(new DevnetOptions { Engine = "single", Nodes = 1, Accounts = 0 }.Validate());
    }

    [Fact]
    public void The_command_line_parser_reports_bad_values_and_help_lists_every_option()
    {
        var root = new System.CommandLine.RootCommand { DevnetCommand.Create() };
        var parse = root.Parse(["devnet", "--nodes", "many"]);
        Assert.NotEmpty(parse.Errors);

        var help = new StringWriter();
        root.Parse(["devnet", "--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = help });
        foreach (var option in new[] { "--nodes", "--engine", "--home", "--reset", "--accounts", "--block-interval", "--duration", "--chain-id", "--status-interval", "--startup-timeout", "--stop-timeout", "--log-level" })
        {
            Assert.Contains(option, help.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_non_empty_directory_is_refused_without_reset_and_left_alone()
    {
        Directory.CreateDirectory(Dir);
        File.WriteAllText(Path.Combine(Dir, "notes.txt"), "mine");

        var (exit, _, error) = Run(new DevnetOptions { Home = Dir });
        Assert.Equal(1, exit);
        Assert.Contains("not empty", error, StringComparison.Ordinal);
        Assert.Contains("--reset", error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Dir, "notes.txt")));

        // --reset only deletes what a devnet made.
        (exit, _, error) = Run(new DevnetOptions { Home = Dir, Reset = true });
        Assert.Equal(1, exit);
        Assert.Contains("refusing to --reset", error, StringComparison.Ordinal);
        Assert.Contains("notes.txt", error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Dir, "notes.txt")));
    }

    [Fact]
    public void Prepare_initializes_every_home_with_one_staked_genesis_funded_accounts_and_peered_configs()
    {
        var plan = DevnetSetup.Prepare(new DevnetOptions { Nodes = 3, Accounts = 5, Home = Dir, BlockIntervalMs = 250 }, TimeProvider.System);

        Assert.Equal(3, plan.Nodes.Count);
        Assert.Equal("pos", plan.Genesis.Engine);
        Assert.Equal(DevnetOptions.DefaultChainId, plan.Genesis.ChainId);
        Assert.Equal(3, plan.Genesis.Members.Count);
        var ports = plan.Nodes.SelectMany(n => new[] { n.ApiPort, n.P2pPort }).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());

        for (var i = 0; i < 3; i++)
        {
            var node = plan.Nodes[i];
            Assert.Equal(Path.Combine(Path.GetFullPath(Dir), $"node{i}"), node.Home.Root);
            Assert.True(node.Home.IsInitialized);
            var key = node.Home.LoadKey();
            Assert.Equal(key.PublicKey, plan.Genesis.Members[i].PublicKey);

            var genesis = GenesisLoader.LoadFile(node.Home.GenesisPath);
            Assert.Equal(plan.Genesis.Hash, genesis.Hash);
            var member = Assert.Single(genesis.Accounts, a => a.Address == key.Address);
            Assert.Equal(DevnetOptions.MemberStake, member.Stake);

            var config = NodeConfig.Load(node.Home.ConfigPath);
            Assert.Equal($"127.0.0.1:{node.ApiPort}", config.Api);
            Assert.Equal($"127.0.0.1:{node.P2pPort}", config.P2p);
            Assert.Equal(250, config.BlockIntervalMs);
            Assert.Equal(plan.Nodes.Where((_, j) => j != i).Select(n => $"127.0.0.1:{n.P2pPort}"), config.Peers);
        }

        for (var i = 0; i < 5; i++)
        {
            var address = Core.Crypto.PrivateKey.FromSeed($"devnet/account/{i}").Address;
            var account = Assert.Single(plan.Genesis.Accounts, a => a.Address == address);
            Assert.Equal(DevnetOptions.AccountBalance, account.Balance);
        }

        Assert.Equal(3 + 5, plan.Genesis.Accounts.Count);

        // pos declares no meters: no member has one, no home a meter key.
        Assert.All(plan.Genesis.Members, m => Assert.Null(m.Meter));
        Assert.All(plan.Nodes, n => Assert.Null(n.Meter));
        Assert.All(plan.Nodes, n => Assert.False(File.Exists(n.MeterKeyPath)));
        Assert.Equal(plan.Genesis.Hash, GenesisLoader.LoadFile(plan.GenesisPath).Hash);

        // A second devnet in the same directory needs --reset, which then starts afresh.
        Assert.Throws<DevnetException>(() => DevnetSetup.Prepare(new DevnetOptions { Nodes = 1, Home = Dir }, TimeProvider.System));
        var again = DevnetSetup.Prepare(new DevnetOptions { Nodes = 2, Accounts = 0, Home = Dir, Reset = true, Engine = "single" }, TimeProvider.System);
        Assert.Equal(2, again.Nodes.Count);
        Assert.False(Directory.Exists(Path.Combine(Dir, "node2")));
        Assert.Equal("single", GenesisLoader.LoadFile(again.Nodes[1].Home.GenesisPath).Engine);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_poeg_devnet_gives_every_household_a_distinct_meter_of_its_own_in_genesis_with_its_key_in_the_home()
    {
        var plan = DevnetSetup.Prepare(new DevnetOptions { Nodes = 4, Accounts = 1, Home = Dir, Engine = "poeg" }, TimeProvider.System);

        var genesis = GenesisLoader.LoadFile(plan.GenesisPath);
        Assert.Equal(plan.Genesis.Hash, genesis.Hash);
        var meters = genesis.Members.Select(m => m.Meter).ToList();
        Assert.All(meters, Assert.NotNull);
        Assert.Equal(4, meters.Distinct().Count());
        Assert.Empty(meters.Intersect(genesis.Members.Select(m => (Core.Crypto.PublicKey?)m.PublicKey)));
        for (var i = 0; i < 4; i++)
        {
            // The meter's key is where an operator imports it from (ecw key import --file), as private as node.key.
            var node = plan.Nodes[i];
            var key = NodeHome.ReadKeyFile(node.MeterKeyPath);
            Assert.Equal(genesis.Members[i].Meter, key.PublicKey);
            Assert.Equal(key.Address, node.Meter);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(node.MeterKeyPath));
            Assert.Matches("^[0-9a-f]{64}$", File.ReadAllText(node.MeterKeyPath).Trim());

            // A meter pays the fees of its readings, nothing else.
            var account = Assert.Single(genesis.Accounts, a => a.Address == key.Address);
            Assert.Equal(DevnetOptions.MeterBalance, account.Balance);
            Assert.Equal(0UL, account.Stake);
        }

        Assert.Equal(4 + 4 + 1, genesis.Accounts.Count);
    }

    [Fact]
    public void Reset_is_refused_while_a_node_of_the_old_devnet_holds_its_home()
    {
        var plan = DevnetSetup.Prepare(new DevnetOptions { Nodes = 1, Accounts = 0, Home = Dir }, TimeProvider.System);
        using (HomeLock.Acquire(plan.Nodes[0].Home))
        {
            var e = Assert.Throws<DevnetException>(() => DevnetSetup.PrepareDirectory(Path.GetFullPath(Dir), reset: true));
            Assert.Contains("still runs", e.Message, StringComparison.Ordinal);
        }

        Assert.True(plan.Nodes[0].Home.IsInitialized);
    }

    [Fact]
    public void Devnet_json_is_camel_case_indented_and_written_atomically()
    {
        Directory.CreateDirectory(Dir);
        var path = Path.Combine(Dir, DevnetManifest.FileName);
        File.WriteAllText(path, "old");
        var manifest = new DevnetManifest
        {
            Engine = "pos",
            ChainId = "energychain-devnet",
            Genesis = "/abs/genesis.json",
            Accounts = 100,
            AccountSeedPrefix = DevnetOptions.AccountSeedPrefix,
            Nodes =
            [
                new DevnetNodeEntry { Name = "node0", Api = "http://127.0.0.1:1000", P2p = "127.0.0.1:1001", Home = "/abs/node0", Pid = 1234 },
                new DevnetNodeEntry { Name = "node1", Api = "http://127.0.0.1:1002", P2p = "127.0.0.1:1003", Home = "/abs/node1", Pid = 1235 },
            ],
        };

        manifest.Save(path);

        Assert.Equal([DevnetManifest.FileName], Directory.GetFileSystemEntries(Dir).Select(Path.GetFileName));
        var text = File.ReadAllText(path);
        Assert.Contains("\n  \"engine\": \"pos\"", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("pos", root.GetProperty("engine").GetString());
        Assert.Equal("energychain-devnet", root.GetProperty("chainId").GetString());
        Assert.Equal("/abs/genesis.json", root.GetProperty("genesis").GetString());
        Assert.Equal(100, root.GetProperty("accounts").GetInt32());
        Assert.Equal("devnet/account/", root.GetProperty("accountSeedPrefix").GetString());
        Assert.Equal("running", root.GetProperty("state").GetString());
        var node = root.GetProperty("nodes")[1];
        Assert.Equal("node1", node.GetProperty("name").GetString());
        Assert.Equal("http://127.0.0.1:1002", node.GetProperty("api").GetString());
        Assert.Equal("127.0.0.1:1003", node.GetProperty("p2p").GetString());
        Assert.Equal("/abs/node1", node.GetProperty("home").GetString());
        Assert.Equal(1235, node.GetProperty("pid").GetInt32());
        Assert.Equal(manifest.Nodes, DevnetManifest.Load(path).Nodes);
    }

    private static (int Exit, string Output, string Error) Run(DevnetOptions options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = new DevnetRunner(options, output, error, TimeProvider.System, new NodeExecutable("/nonexistent/energychain-node", [])).Run();
        return (exit, output.ToString(), error.ToString());
    }
}
