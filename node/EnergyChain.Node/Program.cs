using System.CommandLine;
using EnergyChain.Node.Demo;
using EnergyChain.Node.Hosting;

var root = new RootCommand("EnergyChain node: a permissioned blockchain for peer-to-peer energy trading.")
{
    NodeCommands.Init(),
    NodeCommands.Run(),
    DemoCommand.Create(),
};
return root.Parse(args).Invoke();
