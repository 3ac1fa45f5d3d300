namespace EnergyChain.Core.Transactions;

/// <summary>
/// The kinds of consensus offence the node knows, whether proven on chain by an <see cref="EvidencePayload"/> or
/// only recorded by a BFT replica. Numbers are part of the signed encoding of an evidence transaction: never
/// renumber. Only <see cref="DoubleSign"/> has an on-chain form today; the decoder refuses every other number.
/// </summary>
public enum EvidenceKind : byte
{
    /// <summary>One producer signed two different block headers for the same height and slot.</summary>
    DoubleSign = 1,

    /// <summary>A BFT member signed two different votes of one type for the same height and round (replica-local).</summary>
    DoubleVote = 2,

    /// <summary>
    /// A BFT proposer signed two different proposals for the same height and round. When the two blocks differ the
    /// replica reports it on chain as <see cref="DoubleSign"/> evidence (their headers share height and slot).
    /// </summary>
    DoubleProposal = 3,
}
