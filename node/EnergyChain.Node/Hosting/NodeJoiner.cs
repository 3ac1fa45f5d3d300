using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;
using EnergyChain.P2P.Network;

namespace EnergyChain.Node.Hosting;

/// <summary>
/// <c>energychain-node join</c>: joining a running network as a person would. It makes the home (node key, and a meter
/// key for a household), writes the config with the peers, and builds the join request signed by the node key. With
/// <c>--api</c> (an existing member's HTTP API) it waits until the new address holds the deposit plus the fee, submits
/// the request and waits until it is in a block (so the members' handshakes admit the applicant); without it, it
/// prints the request to pass on and the address to fund. Then it runs the node, which syncs while the members vote
/// and starts validating at the height its membership takes effect. Run again on the same home, it resumes: the keys
/// are reused and a request already on chain is not sent twice.
/// </summary>
public static class NodeJoiner
{
    public const string MeterKeyFile = "meter.key";
    public const string RequestFile = "join-request.hex";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static int Join(JoinOptions options, TextWriter output, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        Transaction request;
        try
        {
            request = Prepare(options, output);
            if (options.MemberApi is { } api)
            {
                SubmitWhenFundedAsync(api, request, output, cancellation).GetAwaiter().GetResult();
            }
            else
            {
                var join = (MemberJoinPayload)request.Payload;
                output.WriteLine($"fund {request.SenderAddress} with {join.Deposit + request.Fee} micro-units (deposit + fee), then have a member submit the request:");
                output.WriteLine($"  ecw tx submit --file {Path.Combine(options.Home.Root, RequestFile)}");
                output.WriteLine("the node starts now and syncs once the request is on chain");
            }
        }
        catch (Exception e) when (e is NodeSetupException or GenesisException or IOException or UnauthorizedAccessException or HttpRequestException or JsonException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("error: cancelled");
            return 1;
        }

        output.WriteLine($"starting the node: energychain-node run --home {options.Home.Root}");
        output.Flush();
        return NodeRunner.Run(options.Home, options.Run with { Peers = options.Peers });
    }

    /// <summary>Validates everything, then makes (or reuses) the home and writes the signed request to it.</summary>
    internal static Transaction Prepare(JoinOptions options, TextWriter output)
    {
        var home = options.Home;
        var role = GenesisLoader.ParseRole(options.Role) ?? throw new NodeSetupException("--role must be household or ev");
        if (MemberRecord.LocationError(options.Location) is { } locationError)
        {
            throw new NodeSetupException($"--location: {locationError}");
        }

        if (options.Peers.Count == 0)
        {
            throw new NodeSetupException("--peers: name at least one member's P2P address (HOST:PORT)");
        }

        foreach (var peer in options.Peers)
        {
            try
            {
                PeerAddress.Parse(peer);
            }
            catch (FormatException e)
            {
                throw new NodeSetupException($"--peers '{peer}': {e.Message}", e);
            }
        }

        var genesis = GenesisLoader.LoadFile(options.Genesis.FullName);
        var rules = genesis.Parameters.Membership;
        var deposit = options.Deposit ?? rules.MinDeposit;
        if (deposit < rules.MinDeposit)
        {
            throw new NodeSetupException($"--deposit {deposit}: this network's join requests lock at least {rules.MinDeposit} micro-units");
        }

        PrivateKey key;
        if (home.IsInitialized)
        {
            var existing = GenesisLoader.LoadFile(home.GenesisPath);
            if (existing.Hash != genesis.Hash)
            {
                throw new NodeSetupException($"{home.Root} holds another chain's genesis ({existing.ChainId}); use another --home");
            }

            key = home.LoadKey();
            output.WriteLine($"resuming the join in {home.Root}");
        }
        else
        {
            if (NodeInitializer.Init(home, options.Genesis, genesis.ChainId, [], output, TimeProvider.System) != 0)
            {
                throw new NodeSetupException($"cannot initialize {home.Root}");
            }

            key = home.LoadKey();
        }

        var name = options.Name ?? $"node-{key.Address.ToString()[2..10]}";
        if (MemberRecord.NameError(name) is { } nameError)
        {
            throw new NodeSetupException($"--name: {nameError}");
        }

        if (genesis.Members.Any(m => m.PublicKey.Equals(key.PublicKey)))
        {
            throw new NodeSetupException($"{key.Address} is a genesis member already; run it with: energychain-node run --home {home.Root}");
        }

        // A household's meter is a device of its own: its key is made next to the node's, never derived from it.
        var meterPath = Path.Combine(home.Root, MeterKeyFile);
        PublicKey? meter = null;
        if (role == MemberRole.Household)
        {
            meter = (File.Exists(meterPath) ? NodeHome.ReadKeyFile(meterPath) : NodeHome.CreateKeyFile(meterPath)).PublicKey;
        }

        var config = NodeConfig.Load(home.ConfigPath);
        config = options.Run.ApplyTo(config with { Peers = options.Peers });
        config.Save(home.ConfigPath);

        // A new key has nonce 0; the request is the first transaction its address sends.
        var request = Transaction.Create(genesis.ChainId, key, 0, options.Fee, new MemberJoinPayload(name, meter, role, options.Location, deposit));
        File.WriteAllText(Path.Combine(home.Root, RequestFile), Convert.ToHexStringLower(request.Encoded) + "\n");
        output.WriteLine($"join request {request.Hash}: '{name}' as {GenesisLoader.RoleName(role)}{(meter is null ? string.Empty : $" with meter {meter}")}, deposit {deposit}");
        output.WriteLine($"  node address  {key.Address}");
        output.WriteLine($"  request hex   {Path.Combine(home.Root, RequestFile)}");
        return request;
    }

    /// <summary>Waits (with a progress line every few seconds) until the address can pay, submits, and waits until the request is in a block.</summary>
    private static async Task SubmitWhenFundedAsync(Uri api, Transaction request, TextWriter output, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = api.AbsoluteUri.EndsWith('/') ? api : new Uri(api.AbsoluteUri + "/"), Timeout = TimeSpan.FromSeconds(10) };
        var join = (MemberJoinPayload)request.Payload;
        var needed = join.Deposit + request.Fee;
        var address = request.SenderAddress.ToString();
        if (await StatusOfAsync(http, request.Hash, cancellation).ConfigureAwait(false) is null)
        {
            var lastProgress = DateTimeOffset.MinValue;
            while (true)
            {
                var account = await http.GetFromJsonAsync<JsonElement>($"v1/account/{address}", cancellation).ConfigureAwait(false);
                var balance = account.GetProperty("balance").GetUInt64();
                if (balance >= needed)
                {
                    break;
                }

                if (DateTimeOffset.UtcNow - lastProgress >= ProgressInterval)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"waiting for {address} to hold {needed} micro-units (deposit + fee): it holds {balance}; a member can send it with: ecw send --to {address} --amount {needed - balance}"));
                    output.Flush();
                    lastProgress = DateTimeOffset.UtcNow;
                }

                await Task.Delay(PollInterval, cancellation).ConfigureAwait(false);
            }

            using var response = await http.PostAsJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(request.Encoded) }, cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                throw new NodeSetupException($"{api} refused the join request: {body}");
            }

            output.WriteLine($"submitted the join request {request.Hash} through {api}");
            output.Flush();
        }

        while (await StatusOfAsync(http, request.Hash, cancellation).ConfigureAwait(false) is var status && status is not ("committed" or "final"))
        {
            if (status is null)
            {
                // Known once, unknown now: the producer refused it (for example a name another request took meanwhile).
                throw new NodeSetupException($"the join request {request.Hash} was dropped without entering a block; see 'ecw member list' for why, then join again with other values");
            }

            await Task.Delay(PollInterval, cancellation).ConfigureAwait(false);
        }

        output.WriteLine($"the join request is on chain; members vote with: ecw member approve {address}");
    }

    private static async Task<string?> StatusOfAsync(HttpClient http, Hash256 hash, CancellationToken cancellation)
    {
        using var response = await http.GetAsync(new Uri($"v1/tx/{hash}", UriKind.Relative), cancellation).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var tx = await response.Content.ReadFromJsonAsync<JsonElement>(cancellation).ConfigureAwait(false);
        return tx.GetProperty("status").GetString();
    }
}
