using EnergyChain.Core.Crypto;
using EnergyChain.Node.Hosting;

namespace EnergyChain.Node.Api;

/// <summary>What <c>GET /v1/account/{address}</c> and gRPC <c>GetAccount</c> report.</summary>
internal sealed record AccountView(Address Address, ulong Balance, ulong Nonce, ulong Stake, ulong SlashedTotal, int PendingCount)
{
    public static AccountView Of(NodeServices node, Address address)
    {
        var account = node.Chain.GetAccount(address);
        return new AccountView(address, account.Balance, account.Nonce, account.Stake, account.SlashedTotal, node.Pool.PendingRun(address, account.Nonce));
    }
}
