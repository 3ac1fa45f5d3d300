using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Mempool;

namespace EnergyChain.Consensus.Pow;

/// <summary>
/// Keeps the mempool right across reorganizations. <see cref="Blockchain.Reorganized"/> fires before
/// <see cref="Blockchain.BlockCommitted"/> for the applied blocks, and the pool already drops committed
/// transactions on BlockCommitted, so this only has to give back the reverted blocks' transactions that the new
/// branch does not contain; removing the applied ones is left to that existing path (nothing is removed twice).
/// </summary>
public static class PowMempool
{
    /// <summary>Subscribes <paramref name="pool"/> to <paramref name="chain"/>'s reorganizations; dispose to stop.</summary>
    public static IDisposable Attach(Blockchain chain, TxPool pool)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(pool);
        void Handler(ChainReorganization reorganization) => Requeue(reorganization, pool);
        chain.Reorganized += Handler;
        return new Subscription(() => chain.Reorganized -= Handler);
    }

    /// <summary>
    /// Adds the reverted transactions not in the applied blocks back, lowest block first so each sender's nonces
    /// arrive in order. The state is already the new branch's: a transaction whose nonce the branch used, or that
    /// the sender can no longer afford, is refused by admission, and that refusal is the right outcome.
    /// </summary>
    public static int Requeue(ChainReorganization reorganization, TxPool pool)
    {
        ArgumentNullException.ThrowIfNull(reorganization);
        ArgumentNullException.ThrowIfNull(pool);
        var applied = new HashSet<Hash256>(reorganization.Applied.SelectMany(b => b.Transactions).Select(t => t.Hash));
        var added = 0;
        foreach (var tx in reorganization.Reverted.SelectMany(b => b.Transactions))
        {
            if (!applied.Contains(tx.Hash) && pool.Add(tx).Status is TxAdmissionStatus.Added or TxAdmissionStatus.Replaced)
            {
                added++;
            }
        }

        return added;
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
