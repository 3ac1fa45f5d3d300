namespace EnergyChain.Core.Transactions;

/// <summary>
/// Payload kinds. Numbers are part of the signed encoding: never renumber. Gaps are left for the
/// energy, market, contract, learning and evidence payloads that later engines add.
/// </summary>
public enum TxType : byte
{
    Transfer = 1,
    Stake = 2,
    Unstake = 3,

    /// <summary>A new node's request to join the network, locking a deposit.</summary>
    MemberJoin = 4,
    /// <summary>A member's (or the operator's) vote on an open join or eviction proposal.</summary>
    MemberVote = 5,
    /// <summary>A member's notice that it leaves.</summary>
    MemberLeave = 6,
    /// <summary>A member's proposal to evict another.</summary>
    MemberEvict = 7,

    /// <summary>A household's production and consumption forecast for a market slot (PoEG input).</summary>
    EnergyReport = 16,
    /// <summary>An EV's state of charge and energy moved in the last hour (PoSOC input).</summary>
    EvReport = 17,

    // Reserved for later issues; the decoder refuses them until an implementation exists.
    TradeOrder = 18,
    /// <summary>A household's grid location, registered once (PoEG input for the loss model).</summary>
    GridRegistration = 19,
    /// <summary>A smart meter's signed reading of a household's production and consumption in a market slot (PoEG settlement input).</summary>
    MeterReading = 20,
    /// <summary>An EV's intent to sell or buy energy from other EVs in an hour at a charging site (PoSOC V2V market).</summary>
    V2vIntent = 21,
    /// <summary>An EV's signed charger reading of the energy a matched V2V trade moved (PoSOC V2V settlement input).</summary>
    V2vDelivery = 22,

    /// <summary>Deploys contract bytecode (executed by the node's <c>IContractRuntime</c>).</summary>
    ContractDeploy = 32,
    /// <summary>Calls a function of a deployed contract.</summary>
    ContractCall = 33,

    /// <summary>An EV's federated-learning update: Q16.16 model weights for a round (PoSOC aggregation input).</summary>
    ModelUpdate = 48,

    /// <summary>Proof of a consensus offence (a double sign); executing it slashes the offender.</summary>
    Evidence = 64,
}
