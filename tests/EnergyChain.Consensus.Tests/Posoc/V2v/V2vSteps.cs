using EnergyChain.Core.Blocks;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Tests.Posoc.V2v;

/// <summary>Steps the V2V tests take on a hand-driven posoc chain (hours of 2 blocks).</summary>
internal static class V2vSteps
{
    /// <summary>A chain with two sites and rounds of four hours (8 blocks), so hour 1's trades settle inside round 0.</summary>
    public static PosocChain TwoSites(bool contracts = false) => new(", \"sites\": \"north,south\"", contracts, roundHours: 4);

    public static V2vIntentPayload Sell(ulong hour, ulong wh, ulong price, uint site = 0) => new(hour, V2vSide.Sell, wh, price, site, hour, hour + 1);

    public static V2vIntentPayload Buy(ulong hour, ulong wh, ulong price, uint site = 0) => new(hour, V2vSide.Buy, wh, price, site, hour, hour + 1);

    /// <summary>Adds every transaction to the pool (each must be accepted), so one key can send several in a block.</summary>
    public static void Post(PosocChain chain, params (PrivateKey Key, TxPayload Payload)[] txs)
    {
        foreach (var (key, payload) in txs)
        {
            var admission = chain.Pool.Add(chain.Tx(key, payload));
            Assert.True(admission.Accepted, $"{payload}: {admission.Rejection?.Message}");
        }
    }

    /// <summary>Produces blocks up to the one that opens <paramref name="hour"/> and returns that one.</summary>
    public static Block OpenHour(PosocChain chain, ulong hour)
    {
        chain.ProduceUntilNext(chain.Engine.Parameters.HourStartHeight(hour));
        return chain.Produce();
    }

    public static ulong Balance(PosocChain chain, Address who) => chain.Chain.GetAccount(who).Balance;
}
