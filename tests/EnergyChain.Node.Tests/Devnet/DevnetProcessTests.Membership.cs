using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using EnergyChain.Node.Devnet;
using EnergyChain.Node.Tests.Hosting;

namespace EnergyChain.Node.Tests.Devnet;

/// <summary>
/// Issue 23 with real processes: members join with <c>energychain-node join</c> and <c>ecw member approve</c>, and
/// leave with <c>ecw member leave</c>, on a running devnet whose transfers keep finalizing.
/// </summary>
public sealed partial class DevnetProcessTests
{
    /// <summary>What each joiner stakes once admitted: under pos a member proposes and votes by its stake.</summary>
    private const ulong JoinerStake = 500_000UL * 1_000_000UL;

    [Fact]
    public async Task A_pos_devnet_grows_to_six_members_by_join_and_vote_and_shrinks_to_five_by_a_leave_while_transfers_finalize()
    {
        var clock = Stopwatch.StartNew();
        var manifest = await StartDevnetAsync("--nodes", "4", "--engine", "pos", "--home", Dir, "--accounts", "3", "--status-interval", "0");
        var node0 = manifest.Nodes[0];
        var wallet = new WalletProcess(Keystore, node0.Api);
        var nonces = new Dictionary<int, ulong>();
        await TransferFinalAsync(manifest, nonces, 2, node0);

        // Two people join, funded with what they will stake, and three of the four members approve each.
        var joiners = new[] { StartJoiner(manifest, "joiner-a"), StartJoiner(manifest, "joiner-b") };
        var members = await AdmitAsync(manifest, wallet, nonces, JoinerStake + 10_000_000, joiners);
        Assert.Contains(members, m => m.GetProperty("name").GetString() == "joiner-a");
        Assert.Contains(members, m => m.GetProperty("name").GetString() == "joiner-b");
        var activated = members.Max(m => m.GetProperty("sinceHeight").GetUInt64());
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: 6 members from height {activated}");

        // Each joiner stakes with its node key (imported into the wallet), so that pos elects it and weighs its votes.
        foreach (var joiner in joiners)
        {
            wallet.RunOk("key", "import", "--name", joiner.Name, "--file", Path.Combine(joiner.Home, "node.key"));
            wallet.RunOk("stake", "--key", joiner.Name, "--amount", JoinerStake.ToString(System.Globalization.CultureInfo.InvariantCulture), "--wait");
        }

        // The joined nodes synced, follow finality, and each proposes blocks.
        var stakedFrom = (await GetJsonAsync(node0, "v1/status")).GetProperty("height").GetUInt64();
        foreach (var joiner in joiners)
        {
            await WaitForProducerAsync(node0, joiner, stakedFrom);
            _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {joiner.Name} proposed a block");
        }

        await TransferFinalAsync(manifest, nonces, 2, node0, joiners[0].Entry, joiners[1].Entry);

        // node3 leaves: from its effective height the others refuse it, so its peer count drops to 0 and stays there.
        var node3 = manifest.Nodes[3];
        wallet.RunOk("member", "leave", "--node-key-file", Path.Combine(node3.Home, "node.key"), "--wait");
        members = await WaitForMembersAsync(node0, 5);
        Assert.DoesNotContain(members, m => m.GetProperty("name").GetString() == "node3");
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: 5 members");
        await WaitUntilAsync(async () => (await GetJsonAsync(node3, "v1/status")).GetProperty("peers").GetInt32() == 0, TimeSpan.FromSeconds(30), "node3 without peers");
        var peersOfNode0 = await GetJsonAsync(node0, "v1/peers");
        Assert.DoesNotContain(peersOfNode0.GetProperty("peers").EnumerateArray(), p => p.GetProperty("address").GetString() == node3.Address);

        // Finality continues without it, on the genesis members and the joined ones.
        var finalized = (await GetJsonAsync(node0, "v1/status")).GetProperty("finalizedHeight").GetUInt64();
        await TransferFinalAsync(manifest, nonces, 2, node0, joiners[0].Entry, joiners[1].Entry);
        Assert.True((await GetJsonAsync(node0, "v1/status")).GetProperty("finalizedHeight").GetUInt64() > finalized);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, (await GetJsonAsync(node3, "v1/status")).GetProperty("peers").GetInt32());
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: done");
    }

    private string Keystore => Path.Combine(_root.FullName, "keystore");

    /// <summary>Starts <c>energychain-node devnet</c> with <paramref name="args"/> and waits until every node answers.</summary>
    private async Task<DevnetManifest> StartDevnetAsync(params string[] args)
    {
        _devnet = StartDevnet(args);
        var manifestPath = Path.Combine(Dir, DevnetManifest.FileName);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(manifestPath)), TimeSpan.FromSeconds(120), "devnet.json");
        return _manifest = DevnetManifest.Load(manifestPath);
    }

    /// <summary>
    /// Admits <paramref name="joiners"/>: each <c>energychain-node join</c> makes its home and keys, waits until its
    /// address is funded (a transfer of <paramref name="funding"/> from dev account i), submits the request through
    /// node0 and runs the node, which syncs while three of the four genesis members approve with <c>ecw member
    /// approve</c>: more than two thirds of equal weights. Returns the member list once every joiner is in it.
    /// </summary>
    private async Task<List<JsonElement>> AdmitAsync(DevnetManifest manifest, WalletProcess wallet, Dictionary<int, ulong> nonces, ulong funding, params Joiner[] joiners)
    {
        var node0 = manifest.Nodes[0];
        for (var i = 0; i < joiners.Length; i++)
        {
            var joiner = joiners[i];
            await WaitUntilAsync(() => Task.FromResult(joiner.Address is not null), TimeSpan.FromSeconds(60), $"{joiner.Name}'s address");
            await SubmitAsync(manifest, node0, DevAccount(manifest, i), Next(nonces, i), new TransferPayload(Address.Parse(joiner.Address!), funding));
        }

        await WaitUntilAsync(async () => (await GetJsonAsync(node0, "v1/members")).GetProperty("proposals").GetArrayLength() == joiners.Length, TimeSpan.FromSeconds(60), $"{joiners.Length} open join request(s)");
        foreach (var joiner in joiners)
        {
            foreach (var member in manifest.Nodes.Take(3))
            {
                wallet.RunOk("member", "approve", joiner.Address!, "--node-key-file", Path.Combine(member.Home, "node.key"), "--wait");
            }
        }

        return await WaitForMembersAsync(node0, manifest.Nodes.Count + joiners.Length);
    }

    private Joiner StartJoiner(DevnetManifest manifest, string name)
    {
        var ports = LoopbackPorts.Free(3);
        var home = Path.Combine(_root.FullName, name);
        var joiner = new Joiner(name, home, $"http://127.0.0.1:{ports[0]}", $"127.0.0.1:{ports[1]}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            NodeProcess.NodeDll, "join", "--home", home, "--genesis", manifest.Genesis,
            "--peers", string.Join(',', manifest.Nodes.Select(n => n.P2p)), "--api", manifest.Nodes[0].Api,
            "--name", name, "--role", "household", "--location", "feeder-7",
            "--listen-api", $"127.0.0.1:{ports[0]}", "--listen-grpc", $"127.0.0.1:{ports[2]}", "--p2p", joiner.P2p, "--block-interval", DevnetOptions.DefaultBlockIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        _joiners.Add(process);
        process.OutputDataReceived += (_, e) => joiner.Capture(e.Data, Capture);
        process.ErrorDataReceived += (_, e) => joiner.Capture(e.Data, Capture);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return joiner;
    }

    private async Task<List<JsonElement>> WaitForMembersAsync(DevnetNodeEntry node, int count)
    {
        var members = new List<JsonElement>();
        await WaitUntilAsync(
            async () =>
            {
                members = [.. (await GetJsonAsync(node, "v1/members")).GetProperty("members").EnumerateArray()];
                return members.Count == count;
            },
            TimeSpan.FromSeconds(60),
            $"{count} members on {node.Name}");
        return members;
    }

    /// <summary>Waits until a block from <paramref name="from"/> on carries the joiner's key as its producer.</summary>
    private async Task WaitForProducerAsync(DevnetNodeEntry node, Joiner joiner, ulong from)
    {
        var key = (await GetJsonAsync(node, $"v1/account/{joiner.Address}")).GetProperty("address").GetString();
        var next = from;
        await WaitUntilAsync(
            async () =>
            {
                var head = (await GetJsonAsync(node, "v1/status")).GetProperty("height").GetUInt64();
                for (; next <= head; next++)
                {
                    var block = await GetJsonAsync(node, $"v1/block/{next}");
                    if (block.GetProperty("producer").GetString() is { } producer && PublicKey.Parse(producer).Address.ToString() == key)
                    {
                        return true;
                    }
                }

                return false;
            },
            TimeSpan.FromSeconds(60),
            $"a block proposed by {joiner.Name}");
    }

    /// <summary>A transfer from dev account <paramref name="account"/> becomes final on every node named.</summary>
    private async Task TransferFinalAsync(DevnetManifest manifest, Dictionary<int, ulong> nonces, int account, DevnetNodeEntry submitTo, params DevnetNodeEntry[] finalOn)
    {
        var to = PrivateKey.FromSeed(manifest.AccountSeedPrefix + "0").Address;
        var hash = await SubmitAsync(manifest, submitTo, DevAccount(manifest, account), Next(nonces, account), new TransferPayload(to, 1_000));
        foreach (var node in finalOn.Prepend(submitTo))
        {
            await WaitUntilAsync(
                async () =>
                {
                    using var response = await _http.GetAsync($"{node.Api}/v1/tx/{hash}");
                    return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"final\"", StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(60),
                $"transfer {hash} final on {node.Name}");
        }
    }

    private async Task<Hash256> SubmitAsync(DevnetManifest manifest, DevnetNodeEntry node, PrivateKey from, ulong nonce, TxPayload payload)
    {
        var tx = Transaction.Create(manifest.ChainId, from, nonce, 1, payload);
        using var response = await _http.PostAsJsonAsync($"{node.Api}/v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) });
        Assert.True((int)response.StatusCode is 200 or 202, await response.Content.ReadAsStringAsync());
        return tx.Hash;
    }

    private static PrivateKey DevAccount(DevnetManifest manifest, int index) =>
        PrivateKey.FromSeed(manifest.AccountSeedPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static ulong Next(Dictionary<int, ulong> nonces, int account)
    {
        var nonce = nonces.GetValueOrDefault(account);
        nonces[account] = nonce + 1;
        return nonce;
    }
}
