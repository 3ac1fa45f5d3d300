using EnergyChain.Wallet;
using EnergyChain.Wallet.Commands;

return await WalletCli.RunAsync(args, WalletEnvironment.FromProcess()).ConfigureAwait(false);
