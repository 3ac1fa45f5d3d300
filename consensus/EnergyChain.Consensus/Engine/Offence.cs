using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;

namespace EnergyChain.Consensus.Engine;

/// <summary>
/// An observed offence: <paramref name="Offender"/> misbehaved at <paramref name="Height"/> in
/// <paramref name="Round"/>. <paramref name="Proof"/> is the engine-specific evidence (e.g. the two conflicting
/// signed headers or votes), canonical bytes that any node can verify.
/// </summary>
public sealed record Offence(PenaltyReason Reason, PublicKey Offender, ulong Height, ulong Round, ReadOnlyMemory<byte> Proof)
{
    /// <summary>Offences are the same when reason, offender, height and round match (the proof may differ).</summary>
    public bool Equals(Offence? other) =>
        other is not null && Reason == other.Reason && Offender.Equals(other.Offender) && Height == other.Height && Round == other.Round;

    public override int GetHashCode() => HashCode.Combine(Reason, Offender, Height, Round);
}
