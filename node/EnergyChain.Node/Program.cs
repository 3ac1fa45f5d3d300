using System.CommandLine;
using EnergyChain.Node.Demo;

var root = new RootCommand("EnergyChain node: a permissioned blockchain for peer-to-peer energy trading.");
root.Subcommands.Add(DemoCommand.Create());
return root.Parse(args).Invoke();
