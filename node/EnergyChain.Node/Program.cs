using System.CommandLine;
using EnergyChain.Node.Demo;
using EnergyChain.Node.Devnet;
using EnergyChain.Node.Hosting;

var root = new RootCommand("EnergyChain node: a permissioned blockchain for peer-to-peer energy trading.")
{
    NodeCommands.Init(),
    NodeCommands.Run(),
    NodeCommands.Join(),
    DemoCommand.Create(),
    DevnetCommand.Create(),
};
return root.Parse(args).Invoke();
