using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Membership;

namespace EnergyChain.Core.Tests.Genesis;

public sealed class GenesisLoaderTests
{
    private static readonly PrivateKey Member = PrivateKey.FromSeed("genesis/member");
    private static readonly PrivateKey User = PrivateKey.FromSeed("genesis/user");

    private static string Json(string accounts = "", string extra = "") => $$"""
        {
          "chainId": "energychain-devnet",
          "genesisTime": "2026-11-22T00:00:00Z",
          "consensus": { "engine": "pos", "params": { "slotMs": 1000, "alpha": { "b": 1, "a": 2 } } },
          "parameters": { "maxBlockTransactions": 5000, "minTxFee": "10" },
          "members": [ { "name": "household-1", "publicKey": "{{Member.PublicKey}}" } ],
          "accounts": [ {{(accounts == "" ? $$"""{ "address": "{{User.Address}}", "balance": "18446744073709551000", "stake": 5 }""" : accounts)}} ]
          {{extra}}
        }
        """;

    [Fact]
    public void Parses_every_field()
    {
        var genesis = GenesisLoader.Parse(Json());
        Assert.Equal("energychain-devnet", genesis.ChainId);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), genesis.GenesisTime);
        Assert.Equal("pos", genesis.Engine);
        Assert.Equal("""{"alpha":{"a":2,"b":1},"slotMs":1000}""", genesis.EngineParametersJson);
        Assert.Equal(5000, genesis.Parameters.MaxBlockTransactions);
        Assert.Equal(10UL, genesis.Parameters.MinTxFee);
        Assert.Equal(Member.PublicKey, Assert.Single(genesis.Members).PublicKey);
        var account = Assert.Single(genesis.Accounts);
        Assert.Equal(18446744073709551000UL, account.Balance);
        Assert.Equal(5UL, account.Stake);
    }

    [Fact]
    public void Hash_ignores_formatting_but_not_content()
    {
        var a = GenesisLoader.Parse(Json());
        var reformatted = GenesisLoader.Parse(Json().Replace("\n", " ").Replace("  ", " "));
        var roundTripped = GenesisLoader.Parse(GenesisLoader.ToJson(a));
        Assert.Equal(a.Hash, reformatted.Hash);
        Assert.Equal(a.Hash, roundTripped.Hash);
        Assert.NotEqual(a.Hash, GenesisLoader.Parse(Json().Replace("energychain-devnet", "energychain-other")).Hash);
        Assert.NotEqual(a.Hash, GenesisLoader.Parse(Json().Replace("\"slotMs\": 1000", "\"slotMs\": 2000")).Hash);
        Assert.Equal(a.Hash, a.CreateGenesisBlock().Header.ParentHash);
    }

    [Fact]
    public void Staking_parameters_have_defaults_are_read_and_are_part_of_the_hash()
    {
        var defaults = GenesisLoader.Parse(Json()).Parameters;
        Assert.Equal(100UL, defaults.UnbondingBlocks);
        Assert.Equal(100_000UL, defaults.SlashPpm);
        Assert.Equal(100UL, defaults.ExclusionBlocks);

        var custom = GenesisLoader.Parse(Json().Replace("\"minTxFee\": \"10\"", "\"minTxFee\": \"10\", \"unbondingBlocks\": 7, \"slashPpm\": \"250000\", \"exclusionBlocks\": 0"));
        Assert.Equal(7UL, custom.Parameters.UnbondingBlocks);
        Assert.Equal(250_000UL, custom.Parameters.SlashPpm);
        Assert.Equal(0UL, custom.Parameters.ExclusionBlocks);
        Assert.NotEqual(GenesisLoader.Parse(Json()).Hash, custom.Hash);
        Assert.Equal(custom.Hash, GenesisLoader.Parse(GenesisLoader.ToJson(custom)).Hash);

        foreach (var (name, value) in new[] { ("slashPpm", "1000001"), ("unbondingBlocks", "-1"), ("exclusionBlocks", "1000000001") })
        {
            var error = Assert.Throws<GenesisException>(() => GenesisLoader.Parse(Json().Replace("\"minTxFee\": \"10\"", $"\"minTxFee\": \"10\", \"{name}\": {value}")));
            Assert.Contains($"parameters.{name}", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "$: expected an object")]
    [InlineData("{}", "chainId: required")]
    [InlineData("""{"chainId":"Bad Chain!","genesisTime":0,"consensus":{"engine":"pos"},"members":[]}""", "chainId:")]
    [InlineData("""{"chainId":"c","genesisTime":"yesterday","consensus":{"engine":"pos"},"members":[]}""", "genesisTime:")]
    [InlineData("""{"chainId":"c","genesisTime":0,"consensus":{"engine":"PoS Engine"},"members":[]}""", "consensus.engine:")]
    [InlineData("""{"chainId":"c","genesisTime":0,"consensus":{"engine":"pos"},"members":[]}""", "members: at least one")]
    [InlineData("""{"chainId":"c","genesisTime":0,"consensus":{"engine":"pos"},"members":[{"publicKey":"zz"}]}""", "members[0].publicKey:")]
    public void Bad_files_give_clear_errors(string json, string expected)
    {
        var error = Assert.Throws<GenesisException>(() => GenesisLoader.Parse(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Bad_accounts_name_the_entry()
    {
        var typo = User.Address.ToString()[..^1] + (User.Address.ToString()[^1] == '0' ? "1" : "0");
        Assert.Contains("accounts[0].address: address checksum", Assert.Throws<GenesisException>(() =>
            GenesisLoader.Parse(Json($$"""{ "address": "{{typo}}", "balance": 1 }"""))).Message);
        Assert.Contains("accounts[1].address", Assert.Throws<GenesisException>(() =>
            GenesisLoader.Parse(Json($$"""{ "address": "{{User.Address}}", "balance": 1 }, { "address": "{{User.Address}}", "balance": 1 }"""))).Message);
        Assert.Contains("accounts[0].balance", Assert.Throws<GenesisException>(() =>
            GenesisLoader.Parse(Json($$"""{ "address": "{{User.Address}}", "balance": -1 }"""))).Message);
        Assert.Contains("total supply", Assert.Throws<GenesisException>(() =>
            GenesisLoader.Parse(Json($$"""{ "address": "{{User.Address}}", "balance": "18446744073709551615", "stake": 1 }"""))).Message);
    }

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_GenesisException()
    {
        var random = new Random(3);
        var valid = System.Text.Encoding.UTF8.GetBytes(Json());
        for (var i = 0; i < 2_000; i++)
        {
            var input = (byte[])valid.Clone();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            try
            {
                GenesisLoader.Parse(input);
            }
            catch (GenesisException)
            {
            }
        }
    }

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var error = Assert.Throws<GenesisException>(() => GenesisLoader.LoadFile("/nonexistent/genesis.json"));
        Assert.Contains("cannot read genesis file /nonexistent/genesis.json", error.Message);
    }

    [Fact]
    public void The_membership_section_is_read_round_trips_and_is_part_of_the_hash()
    {
        var defaults = GenesisLoader.Parse(Json());
        Assert.Equal(AdmissionMode.Vote, defaults.Parameters.Membership.Admission);
        Assert.Equal(2UL, defaults.Parameters.Membership.ActivationDelayBlocks);
        Assert.Equal(4, defaults.Parameters.Membership.MinMembers);

        var custom = GenesisLoader.Parse(Json(extra: $$""", "membership": { "admission": "operator", "operatorKey": "{{User.PublicKey}}", "minDeposit": "250", "activationDelayBlocks": 3, "minMembers": 1 }"""));
        var rules = custom.Parameters.Membership;
        Assert.Equal(AdmissionMode.Operator, rules.Admission);
        Assert.Equal(User.PublicKey, rules.OperatorKey);
        Assert.Equal(250UL, rules.MinDeposit);
        Assert.Equal(3UL, rules.ActivationDelayBlocks);
        Assert.Equal(1, rules.MinMembers);
        Assert.NotEqual(defaults.Hash, custom.Hash);
        Assert.Equal(custom.Hash, GenesisLoader.Parse(GenesisLoader.ToJson(custom)).Hash);
    }

    [Theory]
    [InlineData("\"admission\": \"operator\"", "membership.operatorKey")]
    [InlineData("\"admission\": \"lottery\"", "membership.admission")]
    [InlineData("\"activationDelayBlocks\": 0", "membership.activationDelayBlocks")]
    [InlineData("\"minMembers\": 9, \"maxMembers\": 5", "membership.minMembers")]
    public void A_bad_membership_section_names_its_field(string section, string path)
    {
        var e = Assert.Throws<GenesisException>(() => GenesisLoader.Parse(Json(extra: $", \"membership\": {{ {section} }}")));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void Member_roles_and_locations_are_read_and_the_genesis_state_records_the_members()
    {
        var json = Json().Replace("\"name\": \"household-1\",", "\"name\": \"ev-1\", \"role\": \"ev\", \"location\": \"depot\",");
        var genesis = GenesisLoader.Parse(json);
        var member = Assert.Single(genesis.Members);
        Assert.Equal(MemberRole.Ev, member.Role);
        Assert.Equal("depot", member.Location);
        Assert.NotEqual(GenesisLoader.Parse(Json()).Hash, genesis.Hash);

        var state = new EnergyChain.Core.State.LedgerState();
        state.Apply(genesis.InitialState());
        var recorded = Assert.Single(MembershipState.Read(state).Members);
        Assert.Equal(member.ToRecord(), recorded);

        var bad = Assert.Throws<GenesisException>(() => GenesisLoader.Parse(json.Replace("\"role\": \"ev\"", "\"role\": \"car\"")));
        Assert.StartsWith("members[0].role", bad.Message);
    }
}
