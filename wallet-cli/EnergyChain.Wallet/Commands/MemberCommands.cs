using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// <c>ecw member list|request|approve|reject|leave|evict</c>: the member set by on-chain vote (docs/membership.md).
/// Membership transactions are signed by a node's key: the keystore's (<c>--key</c>) or a node home's
/// <c>node.key</c> (<c>--node-key-file</c>). Before signing, each command checks the rules against
/// <c>GET /v1/members</c> so that a request the chain would refuse fails here with the reason.
/// </summary>
internal static class MemberCommands
{
    public static Command Create(CommandBuilder builder) => new("member", "Network membership: list members and proposals, request to join, vote, leave, evict")
    {
        List(builder),
        Request(builder),
        Vote(builder, approve: true),
        Vote(builder, approve: false),
        Leave(builder),
        Evict(builder),
    };

    private static Option<string> NodeKeyFileOption() => new("--node-key-file")
    {
        Description = "Sign with this node key file (a node home's node.key, 64 hex digits) instead of a keystore key",
    };

    private static Command List(CommandBuilder builder)
    {
        var command = new Command("list", "Show the members, open proposals with their votes, approved changes waiting for their height, and the rules");
        builder.SetAction(command, async context =>
        {
            var members = await context.Node.GetMembersAsync(context.Cancellation).ConfigureAwait(false);
            if (context.Output.Json)
            {
                context.Output.WriteJson(members);
                return;
            }

            WriteMembers(context.Output, members);
        });
        return command;
    }

    private static Command Request(CommandBuilder builder)
    {
        var name = new Option<string>("--name") { Description = "The node's member name (a-z, 0-9, '-', '_', '.')", Required = true };
        var role = new Option<string>("--role") { Description = "household (PV and a smart meter) or ev", DefaultValueFactory = _ => "household" };
        var location = new Option<string>("--location") { Description = "Grid location: a household's feeder or bus, an EV's charging site", DefaultValueFactory = _ => string.Empty };
        var meterKey = new Option<string>("--meter-key") { Description = "The smart meter's public key (66 hex digits)" };
        var meterKeyFile = new Option<string>("--meter-key-file") { Description = "File with the meter's key: its public key (66 hex digits) or private key (64)" };
        var deposit = new Option<string>("--deposit") { Description = "Deposit to lock, micro-units or EC (default: the chain's minimum)" };
        var nodeKeyFile = NodeKeyFileOption();
        var print = new Option<bool>("--print") { Description = "Print the signed transaction in hex instead of submitting it (submit it later with 'ecw tx submit')" };
        var chainId = new Option<string>("--chain-id") { Description = "With --print: sign for this chain id without asking a node (nonce 0 unless --nonce; --deposit required)" };
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("request", "Request to join the network: signed by the new node's key, locks a deposit until rejected or left")
        {
            name, role, location, meterKey, meterKeyFile, deposit, nodeKeyFile, print, chainId,
        });
        builder.SetAction(command, async context =>
        {
            var memberName = context.Get(name)!;
            if (MemberRecord.NameError(memberName) is { } nameError)
            {
                throw WalletException.Usage($"--name: {nameError}");
            }

            var parsedRole = GenesisLoader.ParseRole(context.Get(role)!) ?? throw WalletException.Usage("--role must be household or ev");
            var where = context.Get(location) ?? string.Empty;
            if (MemberRecord.LocationError(where) is { } locationError)
            {
                throw WalletException.Usage($"--location: {locationError}");
            }

            var meter = Meter(context.Get(meterKey), context.Get(meterKeyFile));
            var (key, label) = Signer(context, context.Get(nodeKeyFile));
            var offline = context.Get(chainId);
            if (offline is not null && !context.Get(print))
            {
                throw WalletException.Usage("--chain-id signs without a node, so it needs --print");
            }

            JsonElement? members = offline is null ? await context.Node.GetMembersAsync(context.Cancellation).ConfigureAwait(false) : null;
            var amount = context.Get(deposit) is { } text
                ? AmountParser.Parse(text, "--deposit")
                : members is { } m ? NodeViews.UInt(Rules(m), "minDeposit", "the membership rules") : throw WalletException.Usage("--deposit is required with --chain-id");
            var payload = new MemberJoinPayload(memberName, meter, parsedRole, where, amount);
            if (members is { } current)
            {
                CheckRequest(current, key.PublicKey, payload);
            }

            if (!context.Get(print))
            {
                await CheckFundsAsync(context, key.Address, amount, AmountParser.Parse(context.Get(submit.Fee), "--fee")).ConfigureAwait(false);
                await TxSender.SubmitAsync(context, submit, payload, key, label).ConfigureAwait(false);
                return;
            }

            var chain = offline ?? await TxSender.ChainIdAsync(context).ConfigureAwait(false);
            if (!ChainId.IsValid(chain, out var chainError))
            {
                throw WalletException.Usage($"--chain-id: {chainError}");
            }

            var nonce = context.Get(submit.Nonce) ?? (offline is null ? await TxSender.NextNonceAsync(context, key.Address.ToString()).ConfigureAwait(false) : 0);
            var fee = AmountParser.Parse(context.Get(submit.Fee), "--fee");
            var tx = Transaction.Create(chain, key, nonce, fee, payload);
            var hex = Convert.ToHexStringLower(tx.Encoded);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { hash = tx.Hash.ToString(), address = key.Address.ToString(), fund = amount + fee, tx = hex });
                return;
            }

            context.Output.WriteFields(
                ("hash", tx.Hash.ToString()),
                ("type", TxDescriber.Summary(payload)),
                ("from", label),
                ("fund", $"{key.Address} needs {Units.EcWithMicro(amount + fee)} (deposit + fee) before it is submitted"),
                ("tx", hex));
        });
        return command;
    }

    private static Command Vote(CommandBuilder builder, bool approve)
    {
        var subject = new Argument<string>("SUBJECT") { Description = "The applicant or member the proposal is about: its address or name" };
        var nodeKeyFile = NodeKeyFileOption();
        var submit = new SubmitOptions();
        var command = submit.AddTo(approve
            ? new Command("approve", "Vote to approve an open join request or eviction") { subject, nodeKeyFile }
            : new Command("reject", "Vote to reject an open join request or eviction") { subject, nodeKeyFile });
        builder.SetAction(command, async context =>
        {
            var (key, label) = Signer(context, context.Get(nodeKeyFile));
            var members = await context.Node.GetMembersAsync(context.Cancellation).ConfigureAwait(false);
            var proposal = FindProposal(members, context.Get(subject)!);
            var operatorMode = NodeViews.Text(Rules(members), "admission") == "operator";
            var voter = key.Address.ToString();
            if (operatorMode)
            {
                if (!string.Equals(NodeViews.OptionalString(Rules(members), "operatorKey"), key.PublicKey.ToString(), StringComparison.Ordinal))
                {
                    throw new WalletException($"this network admits members by its operator's key; {voter} cannot decide");
                }
            }
            else
            {
                RequireMember(members, voter, "vote");
                if (Array(proposal, "votes").Any(v => NodeViews.Text(v, "voter") == voter))
                {
                    throw new WalletException($"{voter} has already voted on the proposal about {NodeViews.Text(proposal, "subject")}");
                }
            }

            var target = ValueParsers.Address(NodeViews.Text(proposal, "subject"));
            await TxSender.SubmitAsync(context, submit, new MemberVotePayload(target, approve), key, label).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Leave(CommandBuilder builder)
    {
        var nodeKeyFile = NodeKeyFileOption();
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("leave", "Leave the network (the deposit returns when the leave takes effect)") { nodeKeyFile });
        builder.SetAction(command, async context =>
        {
            var (key, label) = Signer(context, context.Get(nodeKeyFile));
            var members = await context.Node.GetMembersAsync(context.Cancellation).ConfigureAwait(false);
            var address = key.Address.ToString();
            RequireMember(members, address, "leave");
            if (Array(members, "pending").Any(c => NodeViews.Text(c, "change") == "remove" && NodeViews.Text(NodeViews.Find(c, "member")!.Value, "address") == address))
            {
                throw new WalletException($"{address} is already leaving");
            }

            RequireAboveMinimum(members);
            await TxSender.SubmitAsync(context, submit, new MemberLeavePayload(), key, label).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Evict(CommandBuilder builder)
    {
        var subject = new Argument<string>("MEMBER") { Description = "The member to evict: its address or name" };
        var reason = new Option<string>("--reason") { Description = "Why, for the record (up to 64 printable ASCII characters)", Required = true };
        var nodeKeyFile = NodeKeyFileOption();
        var submit = new SubmitOptions();
        var command = submit.AddTo(new Command("evict", "Propose to evict a member (your vote approves it; the others vote with approve/reject)") { subject, reason, nodeKeyFile });
        builder.SetAction(command, async context =>
        {
            var why = context.Get(reason)!;
            if (why.Length > MembershipProposal.MaxReasonLength || !why.All(c => c is >= ' ' and <= '~'))
            {
                throw WalletException.Usage($"--reason is up to {MembershipProposal.MaxReasonLength} printable ASCII characters");
            }

            var (key, label) = Signer(context, context.Get(nodeKeyFile));
            var members = await context.Node.GetMembersAsync(context.Cancellation).ConfigureAwait(false);
            var target = FindMember(members, context.Get(subject)!);
            var address = NodeViews.Text(target, "address");
            if (address == key.Address.ToString())
            {
                throw new WalletException("a member leaves with 'ecw member leave', not by evicting itself");
            }

            if (NodeViews.Text(Rules(members), "admission") != "operator")
            {
                RequireMember(members, key.Address.ToString(), "propose an eviction");
            }

            if (Array(members, "proposals").Any(p => NodeViews.Text(p, "subject") == address))
            {
                throw new WalletException($"a proposal about {address} is already open; vote on it with 'ecw member approve {address}'");
            }

            RequireAboveMinimum(members);
            await TxSender.SubmitAsync(context, submit, new MemberEvictPayload(ValueParsers.Address(address), why), key, label).ConfigureAwait(false);
        });
        return command;
    }

    private static (PrivateKey Key, string Label) Signer(WalletContext context, string? nodeKeyFile)
    {
        if (nodeKeyFile is null)
        {
            var (entry, key) = context.Unlock(context.KeyName);
            return (key, $"{entry.Address} ({entry.Name})");
        }

        var fromFile = KeyCommands.ReadSecretFile(nodeKeyFile);
        return (fromFile, $"{fromFile.Address} ({Path.GetFileName(nodeKeyFile)})");
    }

    private static PublicKey? Meter(string? hex, string? file)
    {
        if (hex is not null && file is not null)
        {
            throw WalletException.Usage("give --meter-key or --meter-key-file, not both");
        }

        if (file is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new WalletException($"cannot read {file}: {e.Message}");
            }

            // A meter's private key file (as the devnet writes it) or just its public key.
            var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
            return digits.Length == 64
                ? KeyCommands.ReadSecretFile(file).PublicKey
                : ParseMeter(text, "--meter-key-file");
        }

        return hex is null ? null : ParseMeter(hex, "--meter-key");
    }

    private static PublicKey ParseMeter(string text, string option)
    {
        try
        {
            return PublicKey.Parse(text);
        }
        catch (FormatException e)
        {
            throw WalletException.Usage($"{option}: {e.Message}");
        }
    }

    private static void CheckRequest(JsonElement members, PublicKey applicant, MemberJoinPayload join)
    {
        var address = applicant.Address.ToString();
        var eventual = Eventual(members);
        if (eventual.Any(m => NodeViews.Text(m, "address") == address))
        {
            throw new WalletException($"{address} is already a member (or its approved join is waiting for its height)");
        }

        if (Array(members, "proposals").Any(p => NodeViews.Text(p, "subject") == address))
        {
            throw new WalletException($"{address} already has an open join request");
        }

        if (eventual.Concat(Array(members, "proposals").Select(p => NodeViews.Find(p, "member")!.Value)).Any(m => NodeViews.Text(m, "name") == join.Name))
        {
            throw new WalletException($"the name '{join.Name}' is taken");
        }

        var minimum = NodeViews.UInt(Rules(members), "minDeposit", "the membership rules");
        if (join.Deposit < minimum)
        {
            throw new WalletException($"a join request locks at least {Units.EcWithMicro(minimum)}; --deposit offers {Units.EcWithMicro(join.Deposit)}");
        }
    }

    private static async Task CheckFundsAsync(WalletContext context, Address address, ulong deposit, ulong fee)
    {
        var account = await context.Node.GetAccountAsync(address.ToString(), context.Cancellation).ConfigureAwait(false);
        var balance = NodeViews.UInt(account, "balance", "the account");
        if (balance < deposit + fee)
        {
            throw new WalletException(
                $"{address} holds {Units.EcWithMicro(balance)}, less than the deposit plus fee {Units.EcWithMicro(deposit + fee)}; have a member send it the difference first");
        }
    }

    /// <summary>The set once every pending change has taken effect (what the chain checks joins and leaves against).</summary>
    private static List<JsonElement> Eventual(JsonElement members)
    {
        var set = Array(members, "members").ToList();
        foreach (var change in Array(members, "pending"))
        {
            var member = NodeViews.Find(change, "member")!.Value;
            set.RemoveAll(m => NodeViews.Text(m, "address") == NodeViews.Text(member, "address"));
            if (NodeViews.Text(change, "change") == "add")
            {
                set.Add(member);
            }
        }

        return set;
    }

    private static void RequireMember(JsonElement members, string address, string what)
    {
        if (!Array(members, "members").Any(m => NodeViews.Text(m, "address") == address))
        {
            throw new WalletException($"{address} is not a member at height {NodeViews.Text(members, "nextHeight")}, so it cannot {what}");
        }
    }

    private static void RequireAboveMinimum(JsonElement members)
    {
        var minimum = NodeViews.UInt(Rules(members), "minMembers", "the membership rules");
        var eventual = (ulong)Eventual(members).Count;
        if (eventual - 1 < minimum)
        {
            throw new WalletException($"the network would keep {eventual - 1} members, fewer than the {minimum} it needs (a BFT set of 4 survives one fault)");
        }
    }

    private static JsonElement FindProposal(JsonElement members, string subject)
    {
        var proposals = Array(members, "proposals").ToList();
        return proposals.FirstOrDefault(p => NodeViews.Text(p, "subject") == subject || NodeViews.Text(NodeViews.Find(p, "member")!.Value, "name") == subject) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new WalletException(proposals.Count == 0
                ? $"no proposal is open, so there is nothing about '{subject}' to vote on"
                : $"no open proposal is about '{subject}'; open: {string.Join(", ", proposals.Select(p => $"{NodeViews.Text(p, "kind")} {NodeViews.Text(NodeViews.Find(p, "member")!.Value, "name")} ({NodeViews.Text(p, "subject")})"))}");
    }

    private static JsonElement FindMember(JsonElement members, string subject) =>
        Array(members, "members").FirstOrDefault(m => NodeViews.Text(m, "address") == subject || NodeViews.Text(m, "name") == subject) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new WalletException($"'{subject}' is not a member at height {NodeViews.Text(members, "nextHeight")}");

    private static JsonElement Rules(JsonElement members) =>
        NodeViews.Find(members, "rules") ?? throw new WalletException("the node's /v1/members answer has no rules (is it an older node?)");

    private static IEnumerable<JsonElement> Array(JsonElement json, string name) =>
        NodeViews.Find(json, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    private static void WriteMembers(WalletOutput output, JsonElement members)
    {
        var rules = Rules(members);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"members governing block {NodeViews.Text(members, "nextHeight")}: admission by {NodeViews.Text(rules, "admission")}, deposit at least {Units.Ec(NodeViews.OptionalUInt(rules, "minDeposit") ?? 0)}, changes take effect {NodeViews.Text(rules, "activationDelayBlocks")} blocks after approval, {NodeViews.Text(rules, "minMembers")} to {NodeViews.Text(rules, "maxMembers")} members"));
        var table = new TextTable("NAME", "ROLE", "LOCATION", "ADDRESS", "DEPOSIT", "SINCE", "METER");
        foreach (var member in Array(members, "members"))
        {
            table.Add(
                NodeViews.Text(member, "name"),
                NodeViews.Text(member, "role"),
                Dash(NodeViews.Text(member, "location")),
                NodeViews.Text(member, "address"),
                Units.Ec(NodeViews.OptionalUInt(member, "deposit") ?? 0),
                NodeViews.Text(member, "sinceHeight"),
                NodeViews.OptionalString(member, "meterKey") is { } meter ? meter[..12] + "..." : "-");
        }

        output.WriteTable(table);
        var proposals = Array(members, "proposals").ToList();
        output.WriteLine(string.Empty);
        if (proposals.Count == 0)
        {
            output.WriteLine("no open proposals");
        }
        else
        {
            var open = new TextTable("KIND", "NAME", "SUBJECT", "OPENED", "APPROVE", "REJECT", "VOTES");
            foreach (var proposal in proposals)
            {
                var tally = NodeViews.Find(proposal, "tally")!.Value;
                open.Add(
                    NodeViews.Text(proposal, "kind"),
                    NodeViews.Text(NodeViews.Find(proposal, "member")!.Value, "name"),
                    NodeViews.Text(proposal, "subject"),
                    NodeViews.Text(proposal, "openedHeight"),
                    $"{NodeViews.Text(tally, "approveWeight")}/{NodeViews.Text(tally, "approveNeeded")} needed of {NodeViews.Text(tally, "totalWeight")}",
                    NodeViews.Text(tally, "rejectWeight"),
                    string.Join(" ", Array(proposal, "votes").Select(v => $"{NodeViews.Text(v, "voter")[..10]}:{NodeViews.Text(v, "vote")}")));
            }

            output.WriteTable(open);
        }

        var pending = Array(members, "pending").ToList();
        if (pending.Count > 0)
        {
            output.WriteLine(string.Empty);
            var changes = new TextTable("AT HEIGHT", "CHANGE", "NAME", "ADDRESS");
            foreach (var change in pending)
            {
                var member = NodeViews.Find(change, "member")!.Value;
                changes.Add(NodeViews.Text(change, "effectiveHeight"), NodeViews.Text(change, "change"), NodeViews.Text(member, "name"), NodeViews.Text(member, "address"));
            }

            output.WriteTable(changes);
        }
    }

    private static string Dash(string text) => text.Length == 0 ? "-" : text;
}
