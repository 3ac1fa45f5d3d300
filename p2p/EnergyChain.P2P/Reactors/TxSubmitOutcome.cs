namespace EnergyChain.P2P.Reactors;

public enum TxSubmitOutcome
{
    /// <summary>New to the pool.</summary>
    Added,

    /// <summary>Already in the pool.</summary>
    Known,

    /// <summary>Not admitted for a reason that is not the sender's fault (stale nonce, full pool, low fee).</summary>
    NotAdded,

    /// <summary>Malformed, badly signed or otherwise invalid whatever the state: the peer should not relay it.</summary>
    Invalid,
}
