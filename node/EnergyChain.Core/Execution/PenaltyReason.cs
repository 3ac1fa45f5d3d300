namespace EnergyChain.Core.Execution;

/// <summary>Why an offender is slashed. Informational: every reason uses the same slashing rule.</summary>
public enum PenaltyReason : byte
{
    /// <summary>The elected producer of an earlier round at this height did not produce (refusal, eq. 3.24).</summary>
    MissedSlot = 1,
    /// <summary>The member produced or voted for a block the engine proved invalid.</summary>
    InvalidBlock = 2,
    /// <summary>The member signed two different headers for one height and slot (from an evidence transaction).</summary>
    DoubleSign = 3,
}
