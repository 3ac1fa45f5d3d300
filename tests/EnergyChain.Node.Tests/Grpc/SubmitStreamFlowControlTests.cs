using System.Text.Json.Nodes;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;
using EnergyChain.Harness;
using EnergyChain.Rpc.V1;
using Google.Protobuf;
using Grpc.Net.Client;
using RpcNode = EnergyChain.Rpc.V1.Node;

namespace EnergyChain.Node.Tests.Grpc;

/// <summary>SubmitStream holds a stream while the pool is full instead of refusing what does not fit.</summary>
public sealed class SubmitStreamFlowControlTests : IDisposable
{
    private const string ChainId = "energychain-flow";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("energychain-flow-test-");

    [Fact]
    public async Task A_stream_larger_than_the_pool_is_admitted_whole_as_blocks_make_room()
    {
        var sender = PrivateKey.Generate();
        var home = Path.Combine(_root.FullName, "home");
        var init = NodeProcess.RunToCompletion("init", "--home", home, "--chain-id", ChainId, "--fund", $"{sender.Address}=1000000000");
        Assert.True(init.ExitCode == 0, init.Output);
        var configPath = Path.Combine(home, "config.json");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath))!.AsObject();
        config["mempoolMaxTransactions"] = 8; // the stream below is five pools long
        await File.WriteAllTextAsync(configPath, config.ToJsonString());

        using var node = await NodeProcess.StartAsync(home, "--block-interval", "50");
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{node.GrpcPort}");
        var client = new RpcNode.NodeClient(channel);
        var bob = PrivateKey.Generate().Address;
        using var call = client.SubmitStream();
        const int Count = 40;
        for (ulong nonce = 0; nonce < Count; nonce++)
        {
            var tx = Transaction.Create(ChainId, sender, nonce, 0, new TransferPayload(bob, 1));
            await call.RequestStream.WriteAsync(new SubmitRequest { Tx = ByteString.CopyFrom(tx.Encoded) });
        }

        await call.RequestStream.CompleteAsync();
        var reply = await call;

        Assert.Equal(0UL, reply.Refused);
        Assert.Equal((ulong)Count, reply.Accepted);
        await node.WaitUntilAsync(
            async () => (await client.GetAccountAsync(new GetAccountRequest { Address = sender.Address.ToString() })).Nonce == Count,
            TimeSpan.FromMinutes(1),
            "every streamed transfer to commit");
    }

    public void Dispose() => _root.Delete(recursive: true);
}
