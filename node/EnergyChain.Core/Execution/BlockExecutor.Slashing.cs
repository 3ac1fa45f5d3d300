using EnergyChain.Core.Blocks;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Execution;

/// <summary>
/// Evidence and slashing. One rule for every offence, whether proven by an evidence transaction or decided
/// by the engine (<see cref="IBlockIncentives"/>): burn <see cref="ChainParameters.SlashPpm"/> of the offender's
/// locked stake and of its pending unbonding, record the offence height, and exclude the offender from election
/// for <see cref="ChainParameters.ExclusionBlocks"/>. The slashed amount is burned (credited to nobody): a
/// reporter reward would let a member profit from framing itself through a second key.
/// </summary>
public sealed partial class BlockExecutor
{
    /// <summary>The stateless part of an evidence check: the two headers really conflict.</summary>
    private TxRejection? CheckEvidence(EvidencePayload evidence)
    {
        if (evidence.Kind != EvidenceKind.DoubleSign)
        {
            return Invalid($"evidence kind {evidence.Kind} is not supported");
        }

        var (first, second) = (evidence.First, evidence.Second);
        if (!first.HasProducer || !second.HasProducer)
        {
            return Invalid("a header without a producer (genesis) is no evidence of anything");
        }

        if (!first.Producer.Span.SequenceEqual(second.Producer.Span))
        {
            return Invalid("the headers name different producers");
        }

        if (first.Height != second.Height)
        {
            return Invalid($"the headers are for different heights ({first.Height} and {second.Height})");
        }

        if (first.Slot != second.Slot)
        {
            return Invalid($"the headers are for different slots ({first.Slot} and {second.Slot}) at height {first.Height}");
        }

        if (first.Hash == second.Hash)
        {
            return Invalid($"both headers are block {first.Hash}: one block signed twice is no offence");
        }

        if (!first.VerifySignature(_signatures.Crypto))
        {
            return Invalid("the first header's producer signature does not verify");
        }

        if (!second.VerifySignature(_signatures.Crypto))
        {
            return Invalid("the second header's producer signature does not verify");
        }

        return null;

        static TxRejection Invalid(string message) => new(TxError.InvalidEvidence, message);
    }

    /// <summary>
    /// The stateful part of an evidence check, for a transaction in a block at <paramref name="height"/>:
    /// the offender has an account, the offence is not in the future, and it was not slashed already.
    /// The mempool runs it against the committed state for the next height.
    /// </summary>
    public static TxRejection? CheckEvidenceAgainst(Account offender, EvidencePayload evidence, ulong height)
    {
        var offenderAddress = evidence.First.ProducerKey!.Address;
        if (offender.IsEmpty)
        {
            return new TxRejection(TxError.InvalidEvidence, $"the offender {offenderAddress} has no account on this chain");
        }

        if (evidence.Height > height)
        {
            return new TxRejection(TxError.InvalidEvidence, $"the offence at height {evidence.Height} is ahead of this block ({height})");
        }

        if (evidence.Height <= offender.LastSlashedHeight)
        {
            return new TxRejection(
                TxError.EvidenceAlreadyUsed,
                $"{offenderAddress} was already slashed for height {offender.LastSlashedHeight}; only a later offence can be slashed");
        }

        return null;
    }

    /// <summary>
    /// Applies the engine's penalties for the block at <paramref name="header"/> to <paramref name="overlay"/>,
    /// before any transaction, in a fixed order. Returns an error for a penalty that cannot apply.
    /// </summary>
    private string? ApplyPenalties(StateOverlay overlay, BlockHeader header, IChainState parent, List<SlashRecord> slashes)
    {
        var penalties = _incentives.PenaltiesFor(header, parent);
        if (penalties.Count == 0)
        {
            return null;
        }

        var ordered = penalties
            .Select(p => (Penalty: p, Address: p.Offender.Address))
            .OrderBy(p => p.Penalty.Height)
            .ThenBy(p => p.Address)
            .ThenBy(p => p.Penalty.Reason)
            .ToList();
        foreach (var (penalty, address) in ordered)
        {
            if (penalty.Height == 0 || penalty.Height > header.Height)
            {
                return $"penalty for {address} refers to height {penalty.Height}, outside 1..{header.Height}";
            }

            var offender = overlay.GetAccount(address);
            if (penalty.Height <= offender.LastSlashedHeight)
            {
                continue; // already slashed for this offence (or a later one)
            }

            var (slashed, burned) = Slash(offender, penalty.Height, header.Height);
            overlay.SetAccount(address, slashed);
            slashes.Add(new SlashRecord(address, penalty.Reason, penalty.Height, burned));
        }

        return null;
    }

    /// <summary>
    /// The slashing rule. Matured unbonding is released first (it is the owner's free money, exactly as if it
    /// had been released at its release height); then <see cref="ChainParameters.SlashPpm"/> of the stake and of
    /// the still pending unbonding is burned, each rounded down, computed in 128 bits.
    /// </summary>
    internal (Account Account, ulong Burned) Slash(Account offender, ulong offenceHeight, ulong blockHeight)
    {
        if (offender.TryRelease(blockHeight, out var released))
        {
            offender = released; // on overflow the funds stay pending (and slashable): deterministic either way
        }

        var stakeCut = Cut(offender.Stake);
        var unbondingCut = Cut(offender.Unbonding);
        var burned = (UInt128)stakeCut + unbondingCut;
        var unbonding = offender.Unbonding - unbondingCut;
        var slashedTotal = (UInt128)offender.SlashedTotal + burned;
        var account = offender with
        {
            Stake = offender.Stake - stakeCut,
            Unbonding = unbonding,
            UnbondingReleaseHeight = unbonding == 0 ? 0 : offender.UnbondingReleaseHeight,
            SlashedTotal = slashedTotal > ulong.MaxValue ? ulong.MaxValue : (ulong)slashedTotal,
            LastSlashedHeight = offenceHeight,
            ExcludedUntilHeight = Math.Max(offender.ExcludedUntilHeight, SaturatingAdd(blockHeight, _parameters.ExclusionBlocks)),
        };
        return (account, burned > ulong.MaxValue ? ulong.MaxValue : (ulong)burned);

        ulong Cut(ulong amount) => (ulong)((UInt128)amount * Math.Min(_parameters.SlashPpm, ChainParameters.PpmDenominator) / ChainParameters.PpmDenominator);
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => TryAdd(a, b, out var sum) ? sum : ulong.MaxValue;
}
