using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

/// <summary>
/// Keeps a member from signing two different things for one (height, round, step), even across a restart: a
/// replica restarted mid-round has forgotten what it voted, and voting again differently would be a double sign
/// (evidence, slashing) and, with other faults, could break safety. Each signature is recorded before the message
/// leaves; anything before the last record, or different at the same position, is refused.
/// </summary>
public class SignGuard
{
    private readonly Lock _lock = new();

    /// <summary>The last signed position and block hash (null before the first signature).</summary>
    public (ulong Height, uint Round, byte Step, Hash256 BlockHash)? Last { get; private set; }

    /// <summary>Records the signature about to be made; false when it must not be made.</summary>
    public bool TryRecord(ulong height, uint round, byte step, Hash256 blockHash)
    {
        lock (_lock)
        {
            if (Last is { } last)
            {
                var order = (height, round, step).CompareTo((last.Height, last.Round, last.Step));
                if (order < 0 || (order == 0 && blockHash != last.BlockHash))
                {
                    return false;
                }
            }

            Persist(height, round, step, blockHash);
            Last = (height, round, step, blockHash);
            return true;
        }
    }

    /// <summary>Called before a record takes effect; a durable guard writes it out here (and throws if it cannot).</summary>
    protected virtual void Persist(ulong height, uint round, byte step, Hash256 blockHash)
    {
    }

    protected void Restore(ulong height, uint round, byte step, Hash256 blockHash) => Last = (height, round, step, blockHash);
}
