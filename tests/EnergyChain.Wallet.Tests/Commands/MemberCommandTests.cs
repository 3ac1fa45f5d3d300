using System.Net;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Tests.Support;

namespace EnergyChain.Wallet.Tests.Commands;

/// <summary><c>ecw member ...</c> and <c>ecw tx submit</c> against a fake node's <c>/v1/members</c>.</summary>
public sealed class MemberCommandTests : IDisposable
{
    private static readonly PrivateKey[] Nodes = [.. Enumerable.Range(0, 4).Select(i => PrivateKey.FromSeed($"member-test/node{i}"))];
    private static readonly PrivateKey Applicant = PrivateKey.FromSeed("member-test/applicant");
    private static readonly PrivateKey Meter = PrivateKey.FromSeed("member-test/meter");
    private readonly WalletHarness _wallet = new();

    public void Dispose() => _wallet.Dispose();

    [Fact]
    public async Task List_shows_members_the_open_proposal_with_its_tally_and_pending_changes()
    {
        Serve(Members(proposals: [Proposal(Applicant, "alice", Nodes[0])], pending: [Pending(Nodes[3], "remove", 50)]));

        var result = await _wallet.RunAsync("member", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("admission by vote", result.Out, StringComparison.Ordinal);
        Assert.Contains("node2", result.Out, StringComparison.Ordinal);
        Assert.Contains($"join  alice  {Applicant.Address}", result.Out, StringComparison.Ordinal);
        Assert.Contains("1/3 needed of 4", result.Out, StringComparison.Ordinal);
        Assert.Contains($"50         remove  node3  {Nodes[3].Address}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_by_name_signs_a_vote_on_the_subject_with_the_node_key_file()
    {
        Serve(Members(proposals: [Proposal(Applicant, "alice", Nodes[0])]));
        var keyFile = KeyFile(Nodes[1]);

        var result = await _wallet.RunAsync("member", "approve", "alice", "--node-key-file", keyFile);

        Assert.True(result.ExitCode == 0, result.Error);
        var tx = Assert.Single(_wallet.Node.Submitted);
        Assert.Equal(Nodes[1].PublicKey, tx.Sender);
        Assert.Equal(new MemberVotePayload(Applicant.Address, true), tx.Payload);
        Assert.Contains("MemberVote approve " + Applicant.Address, result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("approve", "nobody", 0, "no open proposal is about 'nobody'")]
    [InlineData("approve", "alice", 0, "has already voted")]
    [InlineData("reject", "alice", -1, "is not a member")]
    public async Task Votes_the_chain_would_refuse_fail_before_signing(string verb, string subject, int voter, string message)
    {
        Serve(Members(proposals: [Proposal(Applicant, "alice", Nodes[0])]));
        var keyFile = KeyFile(voter < 0 ? Applicant : Nodes[voter]);

        var result = await _wallet.RunAsync("member", verb, subject, "--node-key-file", keyFile);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(_wallet.Node.Submitted);
    }

    [Fact]
    public async Task A_leave_that_would_drop_below_the_minimum_is_refused_with_the_reason()
    {
        Serve(Members());

        var result = await _wallet.RunAsync("member", "leave", "--node-key-file", KeyFile(Nodes[2]));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: the network would keep 3 members, fewer than the 4 it needs (a BFT set of 4 survives one fault)"], result.ErrorLines);
        Assert.Empty(_wallet.Node.Submitted);
    }

    [Fact]
    public async Task Request_with_print_and_chain_id_signs_offline_and_tx_submit_posts_it()
    {
        var meterFile = KeyFile(Meter);
        var result = await _wallet.RunAsync(
            "member", "request", "--name", "alice", "--role", "household", "--location", "feeder-7", "--meter-key-file", meterFile,
            "--deposit", "2EC", "--node-key-file", KeyFile(Applicant), "--print", "--chain-id", FakeNode.ChainId, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Empty(_wallet.Node.Requests);
        var printed = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(2_000_000UL, printed.GetProperty("fund").GetUInt64());
        var hex = printed.GetProperty("tx").GetString()!;
        var tx = Transaction.Decode(Convert.FromHexString(hex));
        Assert.Equal(Applicant.PublicKey, tx.Sender);
        Assert.Equal(0UL, tx.Nonce);
        Assert.Equal(new MemberJoinPayload("alice", Meter.PublicKey, MemberRole.Household, "feeder-7", 2_000_000), tx.Payload);

        var submitted = await _wallet.RunAsync("tx", "submit", hex);
        Assert.True(submitted.ExitCode == 0, submitted.Error);
        Assert.Equal(tx.Hash, Assert.Single(_wallet.Node.Submitted).Hash);
        Assert.Contains("MemberJoin 'alice' as household at 'feeder-7', deposit 2 EC", submitted.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_below_the_minimum_deposit_or_under_a_taken_name_is_refused()
    {
        Serve(Members(proposals: [Proposal(PrivateKey.FromSeed("member-test/other"), "bob", Nodes[0])]));
        var key = KeyFile(Applicant);

        var low = await _wallet.RunAsync("member", "request", "--name", "alice", "--role", "ev", "--deposit", "0.5EC", "--node-key-file", key);
        var taken = await _wallet.RunAsync("member", "request", "--name", "bob", "--role", "ev", "--node-key-file", key);
        var badRole = await _wallet.RunAsync("member", "request", "--name", "carol", "--role", "wind", "--node-key-file", key);

        Assert.Equal(1, low.ExitCode);
        Assert.Contains("locks at least 1 EC", low.Error, StringComparison.Ordinal);
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("the name 'bob' is taken", taken.Error, StringComparison.Ordinal);
        Assert.Equal(2, badRole.ExitCode);
        Assert.Empty(_wallet.Node.Submitted);
    }

    private void Serve(object members) => _wallet.Node.On("GET", "/v1/members", HttpStatusCode.OK, JsonSerializer.Serialize(members));

    private string KeyFile(PrivateKey key)
    {
        var path = Path.Combine(_wallet.Root, $"{key.Address}.key");
        File.WriteAllText(path, Convert.ToHexStringLower(key.ExportSecret()) + "\n");
        return path;
    }

    private static object Member(PrivateKey key, string name) => new
    {
        name,
        publicKey = key.PublicKey.ToString(),
        address = key.Address.ToString(),
        meterKey = (string?)null,
        role = "household",
        location = "",
        deposit = 0UL,
        sinceHeight = 0UL,
    };

    private static object Proposal(PrivateKey subject, string name, PrivateKey voter) => new
    {
        kind = "join",
        subject = subject.Address.ToString(),
        member = Member(subject, name),
        proposer = subject.Address.ToString(),
        openedHeight = 30UL,
        reason = "",
        votes = new[] { new { voter = voter.Address.ToString(), vote = "approve" } },
        tally = new { approveWeight = 1UL, rejectWeight = 0UL, totalWeight = 4UL, approveNeeded = 3UL, decidedBy = "vote" },
    };

    private static object Pending(PrivateKey key, string change, ulong height) => new { effectiveHeight = height, change, member = Member(key, "node3") };

    private static object Members(object[]? proposals = null, object[]? pending = null) => new
    {
        height = 41UL,
        nextHeight = 42UL,
        totalWeight = 4UL,
        members = Nodes.Select((k, i) => Member(k, $"node{i}")).ToArray(),
        proposals = proposals ?? [],
        pending = pending ?? [],
        rules = new { admission = "vote", operatorKey = (string?)null, minDeposit = 1_000_000UL, activationDelayBlocks = 2UL, minMembers = 4, maxMembers = 128, maxOpenProposals = 16 },
    };
}
