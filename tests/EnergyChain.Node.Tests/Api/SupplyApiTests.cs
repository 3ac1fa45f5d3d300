using System.Net;
using System.Text.Json;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Transactions;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Tests.Api;

/// <summary>GET /v1/supply on a running single-engine node (it mints nothing), before and after money moves.</summary>
public sealed class SupplyApiTests : IClassFixture<ApiFixture>
{
    private const string Penalty = "ec00000000000000000000000000000000000000030a74ea29";

    private static readonly string[] Holdings = ["balances", "stake", "escrow", "fees", "edc", "contracts", "penalty"];

    private readonly ApiFixture _fixture;

    public SupplyApiTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task After_a_transfer_and_a_penalty_deposit_the_supply_is_still_the_genesis_supply()
    {
        // Summed here from the genesis file, not through the node's own code.
        var genesis = GenesisLoader.LoadFile(new NodeHome(_fixture.Home).GenesisPath);
        var genesisSupply = genesis.Accounts.Aggregate(0UL, (sum, a) => checked(sum + a.Balance + a.Stake));
        Assert.True(genesisSupply >= 1_000_000_000, $"genesis supply {genesisSupply}");

        AssertBalanced(await Supply(), genesisSupply, penalty: 0);

        var node = _fixture.Node;
        var account = await node.GetJsonAsync($"v1/account/{_fixture.Funded.Address}");
        var nonce = account.GetProperty("nonce").GetUInt64() + account.GetProperty("pendingCount").GetUInt64();
        var transfer = Transaction.Create(ApiFixture.ChainId, _fixture.Funded, nonce, 0, new TransferPayload(PrivateKey.Generate().Address, 12_345));
        var deposit = Transaction.Create(ApiFixture.ChainId, _fixture.Funded, nonce + 1, 0, new ContractCallPayload(Address.Parse(Penalty), 0, [], 1_234, 100_000));
        foreach (var tx in new[] { transfer, deposit })
        {
            var (status, body) = await node.PostJsonAsync("v1/tx", new { tx = Convert.ToHexStringLower(tx.Encoded) });
            Assert.True(status == HttpStatusCode.Accepted, body.ToString());
        }

        ulong committedAt = 0;
        await node.WaitUntilAsync(
            async () =>
            {
                var committed = await node.GetJsonAsync($"v1/tx/{deposit.Hash}");
                if (committed.GetProperty("status").GetString() == "pending")
                {
                    return false;
                }

                committedAt = committed.GetProperty("height").GetUInt64();
                return true;
            },
            TimeSpan.FromSeconds(30),
            "the transfer and the deposit were committed");

        var supply = await Supply();
        Assert.True(supply.GetProperty("height").GetUInt64() >= committedAt);
        AssertBalanced(supply, genesisSupply, penalty: 1_234);
    }

    private async Task<JsonElement> Supply() => await _fixture.Node.GetJsonAsync("v1/supply");

    private static void AssertBalanced(JsonElement supply, ulong genesisSupply, ulong penalty)
    {
        ulong Field(string name) => supply.GetProperty(name).GetUInt64();

        Assert.Equal(genesisSupply, Field("genesis"));
        Assert.Equal(genesisSupply, Field("total"));
        Assert.Equal(Field("total"), Holdings.Aggregate(0UL, (sum, name) => checked(sum + Field(name))));
        Assert.Equal(penalty, Field("penalty"));
        Assert.Equal(0UL, Field("slashed"));
        Assert.Equal(penalty, Field("burned"));
        Assert.Equal(0UL, Field("minted"));
        Assert.Equal(0UL, Field("escrow") + Field("fees") + Field("edc") + Field("contracts"));
    }
}
