using EnergyChain.EvLearning;

namespace EnergyChain.Benchmarks.Posoc;

/// <summary>What a policy's orders became on the market, per day on average (kWh; prices per kWh).</summary>
internal sealed record TradeStats(double OfferedKwh, double SoldKwh, double BidKwh, double BoughtKwh, double GridKwh, double SalePrice, double PurchasePrice)
{
    public static TradeStats Of(IEnumerable<IReadOnlyList<EvStepResult>> days)
    {
        double offered = 0, sold = 0, bid = 0, bought = 0, grid = 0, saleValue = 0, purchaseValue = 0;
        var count = 0;
        foreach (var day in days)
        {
            count++;
            foreach (var s in day)
            {
                if (s.IntentKwh < 0)
                {
                    offered -= s.IntentKwh;
                    sold -= s.V2vKwh;
                    saleValue -= s.V2vKwh * s.TradePrice;
                }
                else if (s.IntentKwh > 0)
                {
                    bid += s.IntentKwh;
                    bought += s.V2vKwh;
                    grid += s.GridKwh;
                    purchaseValue += s.V2vKwh * s.TradePrice;
                }
            }
        }

        var n = Math.Max(1, count);
        return new TradeStats(offered / n, sold / n, bid / n, bought / n, grid / n, sold > 0 ? saleValue / sold : 0, bought > 0 ? purchaseValue / bought : 0);
    }
}
