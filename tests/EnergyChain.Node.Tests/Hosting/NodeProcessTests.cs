using System.Net;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;

namespace EnergyChain.Node.Tests.Hosting;

/// <summary>Real node processes on loopback: the operator's flow end to end, crash and restart, shutdown, locking.</summary>
public sealed class NodeProcessTests : IDisposable
{
    private const ulong Funding = 1_000_000_000;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("energychain-node-test-");

    private string Home => Path.Combine(_root.FullName, "home");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Operator_flow_with_ecw_survives_SIGKILL_and_restart()
    {
        var keystore = Path.Combine(_root.FullName, "keystore");
        var port = NodeProcess.FreePort();
        var grpcPort = NodeProcess.FreePort();
        var grpc = $"127.0.0.1:{grpcPort}";

        // The wallet's default path: gRPC, with the transaction lookups of --wait on the HTTP API the node reports.
        var wallet = new WalletProcess(keystore, grpc);
        var alice = JsonDocument.Parse(wallet.RunOk("--json", "key", "new", "--name", "alice")).RootElement.GetProperty("address").GetString()!;
        var bob = JsonDocument.Parse(wallet.RunOk("--json", "key", "new", "--name", "bob")).RootElement.GetProperty("address").GetString()!;
        var secret = wallet.RunOk("key", "export", "--name", "alice").Trim().Split().Last();
        Assert.Equal(64, secret.Length);
        Assert.All(Directory.GetFiles(keystore), file => Assert.DoesNotContain(secret, File.ReadAllText(file), StringComparison.OrdinalIgnoreCase));

        var init = NodeProcess.RunToCompletion("init", "--home", Home, "--chain-id", "energychain-ops", "--fund", $"{alice}={Funding}");
        Assert.True(init.ExitCode == 0, init.Output);

        string height, stateRoot;
        using (var node = await NodeProcess.StartOnPortAsync(Home, port, "--grpc", grpc, "--block-interval", "200"))
        {
            var sent = JsonDocument.Parse(wallet.RunOk("--json", "--key", "alice", "send", "--to", bob, "--amount", "2.5EC", "--fee", "100", "--wait", "--timeout", "60")).RootElement;
            Assert.Contains(sent.GetProperty("status").GetString(), new[] { "committed", "final" });

            var aliceBalance = JsonDocument.Parse(wallet.RunOk("--json", "balance", alice)).RootElement.GetProperty("balance").GetUInt64();
            var bobBalance = JsonDocument.Parse(wallet.RunOk("--json", "balance", bob)).RootElement.GetProperty("balance").GetUInt64();
            Assert.Equal(Funding - 2_500_100, aliceBalance);
            Assert.Equal(2_500_000UL, bobBalance);
            Assert.Equal(bobBalance, (await node.GetJsonAsync($"v1/account/{bob}")).GetProperty("balance").GetUInt64());

            var refused = wallet.Run("--key", "bob", "send", "--to", alice, "--amount", "999EC");
            Assert.Equal(1, refused.ExitCode);
            Assert.StartsWith("error: InsufficientBalance", refused.Stderr.Trim());

            var status = await node.GetJsonAsync("v1/status");
            height = status.GetProperty("height").ToString();
            stateRoot = status.GetProperty("stateRoot").GetString()!;
            node.KillHard();
        }

        using (var restarted = await NodeProcess.StartOnPortAsync(Home, port, "--grpc", grpc))
        {
            var status = await restarted.GetJsonAsync("v1/status");
            Assert.Equal(height, status.GetProperty("height").ToString());
            Assert.Equal(stateRoot, status.GetProperty("stateRoot").GetString());
            Assert.Equal(2_500_000UL, JsonDocument.Parse(wallet.RunOk("--json", "balance", bob)).RootElement.GetProperty("balance").GetUInt64());
            Assert.Equal(Funding - 2_500_100, JsonDocument.Parse(wallet.RunOk("--json", "balance", alice)).RootElement.GetProperty("balance").GetUInt64());
        }

        var wrong = new WalletProcess(keystore, $"http://127.0.0.1:{port}", passphrase: "not the passphrase").Run("key", "export", "--name", "alice");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal("error: wrong passphrase for key 'alice'", wrong.Stderr.Trim());
    }

    [Theory]
    [InlineData("sqlite", "chain.db")]
    [InlineData("litedb", "chain.litedb")]
    public async Task Transfer_commits_and_survives_SIGKILL_and_restart(string store, string file)
    {
        var alice = PrivateKey.Generate();
        var bob = PrivateKey.Generate();
        var init = NodeProcess.RunToCompletion("init", "--home", Home, "--chain-id", "energychain-e2e", "--fund", $"{alice.Address}={Funding}");
        Assert.True(init.ExitCode == 0, init.Output);
        var config = Path.Combine(Home, "config.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["store"] = store;
        File.WriteAllText(config, json.ToJsonString());

        string height, stateRoot;
        using (var node = await NodeProcess.StartAsync(Home, "--block-interval", "100"))
        {
            var tx = Transaction.Create("energychain-e2e", alice, 0, 10, new TransferPayload(bob.Address, 250_000));
            var (status, body) = await node.PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) });
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal(tx.Hash.ToString(), body.GetProperty("hash").GetString());

            await node.WaitUntilAsync(
                async () => (await node.GetJsonAsync($"v1/tx/{tx.Hash}")).GetProperty("status").GetString() == "final",
                TimeSpan.FromSeconds(30),
                "the transfer to become final");

            Assert.Equal(Funding - 250_010, (await node.GetJsonAsync($"v1/account/{alice.Address}")).GetProperty("balance").GetUInt64());
            Assert.Equal(250_000UL, (await node.GetJsonAsync($"v1/account/{bob.Address}")).GetProperty("balance").GetUInt64());
            var statusJson = await node.GetJsonAsync("v1/status");
            height = statusJson.GetProperty("height").ToString();
            stateRoot = statusJson.GetProperty("stateRoot").GetString()!;
            Assert.NotEqual("0", height);

            node.KillHard();
        }

        using (var restarted = await NodeProcess.StartAsync(Home))
        {
            var status = await restarted.GetJsonAsync("v1/status");
            Assert.Equal(height, status.GetProperty("height").ToString());
            Assert.Equal(stateRoot, status.GetProperty("stateRoot").GetString());
            Assert.Equal(250_000UL, (await restarted.GetJsonAsync($"v1/account/{bob.Address}")).GetProperty("balance").GetUInt64());
        }

        // The configured store holds the chain; the other was never created.
        Assert.True(File.Exists(Path.Combine(Home, "data", file)));
        Assert.False(File.Exists(Path.Combine(Home, "data", file == "chain.db" ? "chain.litedb" : "chain.db")));
    }

    [Fact]
    public void An_unknown_store_in_the_config_is_a_clear_error()
    {
        Assert.Equal(0, NodeProcess.RunToCompletion("init", "--home", Home).ExitCode);
        var config = Path.Combine(Home, "config.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["store"] = "rocksdb";
        File.WriteAllText(config, json.ToJsonString());

        var run = NodeProcess.RunToCompletion("run", "--home", Home, "--api", $"127.0.0.1:{NodeProcess.FreePort()}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("store 'rocksdb' is not one of sqlite, litedb", run.Output);
    }

    [Fact]
    public async Task SIGTERM_stops_cleanly_with_exit_code_zero_and_a_second_node_is_refused()
    {
        Assert.Equal(0, NodeProcess.RunToCompletion("init", "--home", Home).ExitCode);
        using var node = await NodeProcess.StartAsync(Home);

        var second = NodeProcess.RunToCompletion("run", "--home", Home, "--api", $"127.0.0.1:{NodeProcess.FreePort()}");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("another node is already running on", second.Output);

        Assert.True(node.Terminate(TimeSpan.FromSeconds(30)), node.Output);
        Assert.Equal(0, node.ExitCode);
        Assert.Contains("Stopped cleanly", node.Output);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Init_creates_a_private_key_file_and_refuses_to_overwrite()
    {
        var first = NodeProcess.RunToCompletion("init", "--home", Home);
        Assert.True(first.ExitCode == 0, first.Output);
        var mode = File.GetUnixFileMode(Path.Combine(Home, "node.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Home, "config.json")));

        var again = NodeProcess.RunToCompletion("init", "--home", Home);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already initialized", again.Output);
    }

    [Fact]
    public void Run_on_an_uninitialized_home_is_a_clear_error()
    {
        var result = NodeProcess.RunToCompletion("run", "--home", Home);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not initialized", result.Output);
    }
}
