using System.Globalization;
using System.Text;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Membership;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Genesis;

/// <summary>
/// Reads and writes the JSON genesis file. Every problem becomes a <see cref="GenesisException"/> naming the
/// JSON path, e.g. <c>accounts[2].balance: expected a whole number of micro-units</c>.
/// <code>
/// {
///   "chainId": "energychain-devnet",
///   "genesisTime": "2026-11-22T00:00:00Z",
///   "consensus": { "engine": "single", "params": { } },
///   "parameters": { "maxBlockTransactions": 10000, "maxBlockBytes": 8388608, "minTxFee": 0,
///                   "unbondingBlocks": 100, "slashPpm": 100000, "exclusionBlocks": 100 },
///   "membership": { "admission": "vote", "operatorKey": null, "minDeposit": "1000000", "activationDelayBlocks": 2,
///                   "minMembers": 4, "maxMembers": 128, "maxOpenProposals": 16 },
///   "members": [ { "name": "household-1", "publicKey": "02...", "meterKey": "03...", "role": "household", "location": "feeder-2" } ],
///   "accounts": [ { "address": "ec...", "balance": "1000000000", "stake": "0" } ]
/// }
/// </code>
/// Amounts are micro-units, as JSON numbers or decimal strings (strings keep values above 2^53 exact).
/// </summary>
public static class GenesisLoader
{
    public const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Upper bound for the unbonding and exclusion periods, so height + period never overflows.</summary>
    public const ulong MaxPeriodBlocks = 1_000_000_000;

    public static GenesisDocument LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                throw new GenesisException($"{path}: larger than {MaxFileBytes} bytes");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GenesisException($"cannot read genesis file {path}: {e.Message}", e);
        }

        try
        {
            return Parse(bytes);
        }
        catch (GenesisException e)
        {
            throw new GenesisException($"{path}: {e.Message}", e);
        }
    }

    public static GenesisDocument Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    public static GenesisDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxFileBytes)
        {
            throw new GenesisException($"genesis larger than {MaxFileBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new GenesisException($"not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                // JsonDocument checks string contents lazily (e.g. invalid UTF-8 inside a string value).
                throw new GenesisException($"unreadable value: {e.Message}", e);
            }
        }
    }

    private static GenesisDocument Read(JsonElement root)
    {
        RequireKind(root, JsonValueKind.Object, "$");
        var chainId = RequireString(root, "chainId", "$");
        if (!ChainId.IsValid(chainId, out var chainError))
        {
            throw new GenesisException($"chainId: {chainError}");
        }

        var genesisTime = ReadTime(Require(root, "genesisTime", "$"), "genesisTime");

        var consensus = Require(root, "consensus", "$");
        RequireKind(consensus, JsonValueKind.Object, "consensus");
        var engine = RequireString(consensus, "engine", "consensus");
        if (engine.Length is 0 or > 32 || !engine.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
        {
            throw new GenesisException("consensus.engine: expected a short lower-case name such as \"pos\" or \"poeg\"");
        }

        var engineParameters = consensus.TryGetProperty("params", out var p) ? CanonicalJson(p) : "{}";

        var parameters = new ChainParameters { ChainId = chainId };
        if (root.TryGetProperty("parameters", out var chainParameters))
        {
            RequireKind(chainParameters, JsonValueKind.Object, "parameters");
            parameters = parameters with
            {
                MaxBlockTransactions = (int)OptionalAmount(chainParameters, "maxBlockTransactions", "parameters", (ulong)parameters.MaxBlockTransactions, 1, 1_000_000),
                MaxBlockBytes = (int)OptionalAmount(chainParameters, "maxBlockBytes", "parameters", (ulong)parameters.MaxBlockBytes, 1024, 30 * 1024 * 1024),
                MinTxFee = OptionalAmount(chainParameters, "minTxFee", "parameters", parameters.MinTxFee, 0, ulong.MaxValue),
                UnbondingBlocks = OptionalAmount(chainParameters, "unbondingBlocks", "parameters", parameters.UnbondingBlocks, 0, MaxPeriodBlocks),
                SlashPpm = OptionalAmount(chainParameters, "slashPpm", "parameters", parameters.SlashPpm, 0, ChainParameters.PpmDenominator),
                ExclusionBlocks = OptionalAmount(chainParameters, "exclusionBlocks", "parameters", parameters.ExclusionBlocks, 0, MaxPeriodBlocks),
            };
        }

        if (root.TryGetProperty("membership", out var membership))
        {
            parameters = parameters with { Membership = ReadMembership(membership) };
        }

        var members = ReadMembers(Require(root, "members", "$"));
        if (members.Count > parameters.Membership.MaxMembers)
        {
            throw new GenesisException($"members: {members.Count} members, more than membership.maxMembers {parameters.Membership.MaxMembers}");
        }

        var accounts = ReadAccounts(root.TryGetProperty("accounts", out var a) ? a : default);
        return new GenesisDocument(chainId, genesisTime, engine, engineParameters, parameters, members, accounts);
    }

    private static List<GenesisMember> ReadMembers(JsonElement members)
    {
        RequireKind(members, JsonValueKind.Array, "members");
        var list = new List<GenesisMember>();
        var keys = new HashSet<PublicKey>();
        var index = 0;
        foreach (var member in members.EnumerateArray())
        {
            var path = $"members[{index++}]";
            RequireKind(member, JsonValueKind.Object, path);
            var name = member.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : string.Empty;
            if (name.Length > MemberRecord.MaxNameLength || !name.All(c => c is >= ' ' and <= '~'))
            {
                throw new GenesisException($"{path}.name: up to {MemberRecord.MaxNameLength} printable ASCII characters");
            }

            var role = MemberRole.Household;
            if (member.TryGetProperty("role", out var r))
            {
                role = r.ValueKind == JsonValueKind.String && ParseRole(r.GetString()!) is { } parsed
                    ? parsed
                    : throw new GenesisException($"{path}.role: expected \"household\" or \"ev\"");
            }

            var location = member.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : string.Empty;
            if (MemberRecord.LocationError(location) is { } locationError)
            {
                throw new GenesisException($"{path}.location: {locationError}");
            }
            PublicKey key;
            try
            {
                key = PublicKey.Parse(RequireString(member, "publicKey", path));
            }
            catch (FormatException e)
            {
                throw new GenesisException($"{path}.publicKey: {e.Message}", e);
            }

            if (!keys.Add(key))
            {
                throw new GenesisException($"{path}.publicKey: listed twice");
            }

            PublicKey? meter = null;
            if (member.TryGetProperty("meterKey", out _))
            {
                try
                {
                    meter = PublicKey.Parse(RequireString(member, "meterKey", path));
                }
                catch (FormatException e)
                {
                    throw new GenesisException($"{path}.meterKey: {e.Message}", e);
                }

                if (list.Any(m => m.Meter == meter))
                {
                    throw new GenesisException($"{path}.meterKey: another household's meter already");
                }
            }

            list.Add(new GenesisMember(name, key, meter, role, location));
        }

        if (list.Count == 0)
        {
            throw new GenesisException("members: at least one member (node key) is required");
        }

        if (list.FirstOrDefault(m => m.Meter is { } meter && keys.Contains(meter)) is { } clash)
        {
            throw new GenesisException($"members: {clash.Name}'s meterKey is a member's node key; a meter signs with a key of its own");
        }

        return list;
    }

    /// <summary>"household" or "ev" (as in genesis files, join requests and <c>ecw member request --role</c>), or null.</summary>
    public static MemberRole? ParseRole(string text) => text switch
    {
        "household" => MemberRole.Household,
        "ev" => MemberRole.Ev,
        _ => null,
    };

    public static string RoleName(MemberRole role) => role == MemberRole.Ev ? "ev" : "household";

    private static MembershipRules ReadMembership(JsonElement section)
    {
        RequireKind(section, JsonValueKind.Object, "membership");
        var rules = new MembershipRules();
        var admission = section.TryGetProperty("admission", out var a) ? a.GetString() : "vote";
        PublicKey? operatorKey = null;
        if (section.TryGetProperty("operatorKey", out var k) && k.ValueKind != JsonValueKind.Null)
        {
            try
            {
                operatorKey = PublicKey.Parse(RequireString(section, "operatorKey", "membership"));
            }
            catch (FormatException e)
            {
                throw new GenesisException($"membership.operatorKey: {e.Message}", e);
            }
        }

        rules = rules with
        {
            Admission = admission switch
            {
                "vote" => AdmissionMode.Vote,
                "operator" => operatorKey is null
                    ? throw new GenesisException("membership.operatorKey: operator admission needs the operator's public key")
                    : AdmissionMode.Operator,
                _ => throw new GenesisException("membership.admission: expected \"vote\" or \"operator\""),
            },
            OperatorKey = operatorKey,
            MinDeposit = OptionalAmount(section, "minDeposit", "membership", rules.MinDeposit, 0, ulong.MaxValue),
            ActivationDelayBlocks = OptionalAmount(section, "activationDelayBlocks", "membership", rules.ActivationDelayBlocks, 1, 1000),
            MinMembers = (int)OptionalAmount(section, "minMembers", "membership", (ulong)rules.MinMembers, 1, MembershipRules.MaxMembersLimit),
            MaxMembers = (int)OptionalAmount(section, "maxMembers", "membership", (ulong)rules.MaxMembers, 1, MembershipRules.MaxMembersLimit),
            MaxOpenProposals = (int)OptionalAmount(section, "maxOpenProposals", "membership", (ulong)rules.MaxOpenProposals, 1, 64),
        };
        return rules.MinMembers <= rules.MaxMembers
            ? rules
            : throw new GenesisException($"membership.minMembers: {rules.MinMembers} is above maxMembers {rules.MaxMembers}");
    }

    private static List<GenesisAccount> ReadAccounts(JsonElement accounts)
    {
        var list = new List<GenesisAccount>();
        if (accounts.ValueKind == JsonValueKind.Undefined)
        {
            return list;
        }

        RequireKind(accounts, JsonValueKind.Array, "accounts");
        var seen = new HashSet<Address>();
        ulong supply = 0;
        var index = 0;
        foreach (var account in accounts.EnumerateArray())
        {
            var path = $"accounts[{index++}]";
            RequireKind(account, JsonValueKind.Object, path);
            if (!Address.TryParse(RequireString(account, "address", path), out var address, out var error))
            {
                throw new GenesisException($"{path}.address: {error}");
            }

            if (!seen.Add(address))
            {
                throw new GenesisException($"{path}.address: {address} is listed twice");
            }

            var balance = OptionalAmount(account, "balance", path, 0, 0, ulong.MaxValue);
            var stake = OptionalAmount(account, "stake", path, 0, 0, ulong.MaxValue);
            try
            {
                supply = checked(supply + balance + stake);
            }
            catch (OverflowException)
            {
                throw new GenesisException($"{path}: total supply exceeds 2^64-1 micro-units");
            }

            if (balance != 0 || stake != 0)
            {
                list.Add(new GenesisAccount(address, balance, stake));
            }
        }

        list.Sort((x, y) => x.Address.CompareTo(y.Address));
        return list;
    }

    private static long ReadTime(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) && ms >= 0)
        {
            return ms;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUnixTimeMilliseconds();
        }

        throw new GenesisException($"{path}: expected an ISO 8601 time such as \"2026-11-22T00:00:00Z\" or Unix milliseconds");
    }

    private static ulong OptionalAmount(JsonElement parent, string name, string path, ulong fallback, ulong min, ulong max)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        ulong amount;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetUInt64(out amount),
            JsonValueKind.String => ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out amount),
            _ => (amount = 0) == 1,
        };
        if (!ok || amount < min || amount > max)
        {
            throw new GenesisException($"{path}.{name}: expected a whole number from {min} to {max}");
        }

        return amount;
    }

    private static JsonElement Require(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new GenesisException($"{(path == "$" ? name : path + "." + name)}: required");
        }

        return value;
    }

    private static string RequireString(JsonElement parent, string name, string path)
    {
        var value = Require(parent, name, path);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new GenesisException($"{(path == "$" ? name : path + "." + name)}: expected a string");
        }

        return value.GetString()!;
    }

    private static void RequireKind(JsonElement value, JsonValueKind kind, string path)
    {
        if (value.ValueKind != kind)
        {
            throw new GenesisException($"{path}: expected {(kind == JsonValueKind.Object ? "an object" : "an array")}");
        }
    }

    /// <summary>Keys sorted by ordinal, no whitespace, numbers and strings as written: one text per value.</summary>
    internal static string CanonicalJson(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, element);
        }

        return Encoding.UTF8.GetString(stream.ToArray());

        static void Write(Utf8JsonWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }
    }

    /// <summary>Writes a genesis file that <see cref="Parse(string)"/> reads back to the same hash.</summary>
    public static string ToJson(GenesisDocument genesis)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("chainId", genesis.ChainId);
            writer.WriteString("genesisTime", DateTimeOffset.FromUnixTimeMilliseconds(genesis.GenesisTime).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WriteStartObject("consensus");
            writer.WriteString("engine", genesis.Engine);
            writer.WritePropertyName("params");
            using (var engineParameters = JsonDocument.Parse(genesis.EngineParametersJson))
            {
                engineParameters.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("parameters");
            writer.WriteNumber("maxBlockTransactions", genesis.Parameters.MaxBlockTransactions);
            writer.WriteNumber("maxBlockBytes", genesis.Parameters.MaxBlockBytes);
            writer.WriteString("minTxFee", genesis.Parameters.MinTxFee.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumber("unbondingBlocks", genesis.Parameters.UnbondingBlocks);
            writer.WriteNumber("slashPpm", genesis.Parameters.SlashPpm);
            writer.WriteNumber("exclusionBlocks", genesis.Parameters.ExclusionBlocks);
            writer.WriteEndObject();
            var membership = genesis.Parameters.Membership;
            writer.WriteStartObject("membership");
            writer.WriteString("admission", membership.Admission == AdmissionMode.Operator ? "operator" : "vote");
            if (membership.OperatorKey is { } operatorKey)
            {
                writer.WriteString("operatorKey", operatorKey.ToString());
            }

            writer.WriteString("minDeposit", membership.MinDeposit.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumber("activationDelayBlocks", membership.ActivationDelayBlocks);
            writer.WriteNumber("minMembers", membership.MinMembers);
            writer.WriteNumber("maxMembers", membership.MaxMembers);
            writer.WriteNumber("maxOpenProposals", membership.MaxOpenProposals);
            writer.WriteEndObject();
            writer.WriteStartArray("members");
            foreach (var member in genesis.Members)
            {
                writer.WriteStartObject();
                writer.WriteString("name", member.Name);
                writer.WriteString("publicKey", member.PublicKey.ToString());
                if (member.Meter is { } meter)
                {
                    writer.WriteString("meterKey", meter.ToString());
                }

                if (member.Role != MemberRole.Household)
                {
                    writer.WriteString("role", RoleName(member.Role));
                }

                if (member.Location.Length > 0)
                {
                    writer.WriteString("location", member.Location);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("accounts");
            foreach (var account in genesis.Accounts)
            {
                writer.WriteStartObject();
                writer.WriteString("address", account.Address.ToString());
                writer.WriteString("balance", account.Balance.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("stake", account.Stake.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Builds a genesis in code (demo, tests, <c>init</c>), validated exactly as a file would be.</summary>
    public static GenesisDocument Create(
        string chainId,
        long genesisTime,
        string engine,
        IEnumerable<GenesisMember> members,
        IEnumerable<GenesisAccount> accounts,
        ChainParameters? parameters = null,
        string engineParametersJson = "{}")
    {
        var draft = new GenesisDocument(
            chainId, genesisTime, engine, engineParametersJson, (parameters ?? new ChainParameters { ChainId = chainId }) with { ChainId = chainId },
            members.ToList(), accounts.ToList());
        return Parse(ToJson(draft));
    }
}
