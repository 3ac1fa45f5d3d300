using System.Text.Json;
using EnergyChain.Node.Devnet;

namespace EnergyChain.Node.Tests.Devnet;

/// <summary>The engine options of a devnet come from the engine modules; they are checked against the chosen engine.</summary>
public sealed class DevnetOptionsTests
{
    [Fact]
    public void An_engine_option_needs_its_own_engine_and_a_matching_node_count()
    {
        Assert.Null(Options("poeg", 4, ("--households", 4), ("--market-slot-blocks", 10)).Validate());
        Assert.Contains("belongs to the poeg engine", Options("pos", 4, ("--households", 4)).Validate(), StringComparison.Ordinal);
        Assert.Contains("belongs to the posoc engine", Options("poeg", 4, ("--hour-blocks", 4)).Validate(), StringComparison.Ordinal);
        Assert.Contains("every household runs a node", Options("poeg", 4, ("--households", 3)).Validate(), StringComparison.Ordinal);
        Assert.Contains("between 2 and 1000000", Options("poeg", 4, ("--market-slot-blocks", 1)).Validate(), StringComparison.Ordinal);
        Assert.Contains("not an option of any engine", Options("pos", 4, ("--turbo", 1)).Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_genesis_parameters_take_the_modules_devnet_defaults_unless_given()
    {
        using (var poeg = JsonDocument.Parse(Options("poeg", 4).EngineParametersJson()))
        {
            Assert.Equal(20UL, poeg.RootElement.GetProperty("marketSlotBlocks").GetUInt64());
        }

        using (var given = JsonDocument.Parse(Options("poeg", 4, ("--market-slot-blocks", 7)).EngineParametersJson()))
        {
            Assert.Equal(7UL, given.RootElement.GetProperty("marketSlotBlocks").GetUInt64());
        }

        using (var posoc = JsonDocument.Parse(Options("posoc", 4).EngineParametersJson()))
        {
            Assert.Equal(4UL, posoc.RootElement.GetProperty("hourBlocks").GetUInt64());
            Assert.Equal(EvLearning.ModelShape.Default.Id, posoc.RootElement.GetProperty("modelShape").GetString());
            Assert.Equal(EvLearning.ModelShape.Default.ParameterCount, posoc.RootElement.GetProperty("modelParameters").GetInt32());
        }

        Assert.Equal("{}", Options("pos", 4).EngineParametersJson());
    }

    private static DevnetOptions Options(string engine, int nodes, params (string Option, ulong Value)[] given) => new()
    {
        Engine = engine,
        Nodes = nodes,
        EngineOptions = given.ToDictionary(g => g.Option, g => g.Value, StringComparer.Ordinal),
    };
}
