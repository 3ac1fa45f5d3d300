using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Bft;

public sealed partial class Replica
{
    /// <summary>
    /// Applies the algorithm's "upon" rules until none fires. Each rule is guarded by the step or by "first time"
    /// flags, so running this after every event is safe.
    /// </summary>
    private void Evaluate()
    {
        var progressed = true;
        while (progressed && _started && !_decided)
        {
            progressed = TryCommit() || TryPrevote() || TryLockAndPrecommit() || TryPrecommitNil() || TrySkipRound();
            ScheduleStepTimeouts();
        }
    }

    // upon Proposal(h, r', v, *) and 2f+1 Precommit(h, r', id(v)): decide v (any round r').
    private bool TryCommit()
    {
        foreach (var (round, set) in _precommits)
        {
            if (set.QuorumFor(_validators) is not { } hash || hash == Hash256.Zero)
            {
                continue;
            }

            if (_proposals.TryGetValue(round, out var proposal) && proposal.Block.Hash == hash && IsValid(proposal.Block) is null)
            {
                Decide(proposal.Block, new CommitCertificate(Height, round, hash, set.VotesFor(hash)));
                return true;
            }

            // A quorum committed a block this node has not seen: fetch it with its certificate.
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_lastCatchUpRequest, now) >= TimeSpan.FromMilliseconds(200))
            {
                _lastCatchUpRequest = now;
                _network.Broadcast(BftCodec.EncodeCommitRequest(Height));
            }
        }

        return false;
    }

    private bool TryPrevote()
    {
        if (Step != ReplicaStep.Propose || !_proposals.TryGetValue(Round, out var proposal))
        {
            return false;
        }

        var block = proposal.Block;
        bool acceptable;
        if (proposal.ValidRound < 0)
        {
            // upon Proposal(h, r, v, -1): prevote v if valid and not locked on something else.
            acceptable = IsValid(block) is null && (_lockedRound < 0 || _lockedBlock!.Hash == block.Hash);
        }
        else
        {
            // upon Proposal(h, r, v, vr) and 2f+1 Prevote(h, vr, id(v)), vr < r: a re-proposal backed by a polka.
            var round = (uint)proposal.ValidRound;
            if (!_prevotes.TryGetValue(round, out var polka) || !_validators.IsQuorum(polka.WeightFor(block.Hash)))
            {
                return false;
            }

            acceptable = IsValid(block) is null && (_lockedRound <= proposal.ValidRound || _lockedBlock!.Hash == block.Hash);
        }

        CastVote(VoteType.Prevote, acceptable ? block.Hash : Hash256.Zero);
        Step = ReplicaStep.Prevote;
        return true;
    }

    // upon Proposal(h, r, v, *) and 2f+1 Prevote(h, r, id(v)), step >= prevote, for the first time.
    private bool TryLockAndPrecommit()
    {
        if (Step == ReplicaStep.Propose || _triggered.Contains((Trigger.LockAndPrecommit, Round))
            || !_proposals.TryGetValue(Round, out var proposal) || !_prevotes.TryGetValue(Round, out var prevotes)
            || !_validators.IsQuorum(prevotes.WeightFor(proposal.Block.Hash)) || IsValid(proposal.Block) is not null)
        {
            return false;
        }

        _triggered.Add((Trigger.LockAndPrecommit, Round));
        if (Step == ReplicaStep.Prevote)
        {
            _lockedBlock = proposal.Block;
            _lockedRound = Round;
            CastVote(VoteType.Precommit, proposal.Block.Hash);
            Step = ReplicaStep.Precommit;
        }

        _validBlock = proposal.Block;
        _validRound = Round;
        return true;
    }

    // upon 2f+1 Prevote(h, r, nil) while step = prevote.
    private bool TryPrecommitNil()
    {
        if (Step != ReplicaStep.Prevote || !_prevotes.TryGetValue(Round, out var prevotes) || !_validators.IsQuorum(prevotes.WeightFor(Hash256.Zero)))
        {
            return false;
        }

        CastVote(VoteType.Precommit, Hash256.Zero);
        Step = ReplicaStep.Precommit;
        return true;
    }

    // upon f+1 messages of a later round: move there (someone is ahead; this catches up without waiting out timeouts).
    private bool TrySkipRound()
    {
        foreach (var round in _prevotes.Keys.Concat(_precommits.Keys).Concat(_proposals.Keys).Where(r => r > Round).Distinct().OrderByDescending(r => r))
        {
            var voters = new HashSet<PublicKey>();
            if (_prevotes.TryGetValue(round, out var prevotes))
            {
                voters.UnionWith(prevotes.Voters);
            }

            if (_precommits.TryGetValue(round, out var precommits))
            {
                voters.UnionWith(precommits.Voters);
            }

            UInt128 weight = 0;
            foreach (var voter in voters)
            {
                weight += _validators.WeightOf(voter);
            }

            if (_validators.IsOneThird(weight))
            {
                StartRound(round);
                return true;
            }
        }

        return false;
    }

    // upon 2f+1 Prevote(h, r, *) / 2f+1 Precommit(h, r, *) for the first time: start the step's timeout.
    private void ScheduleStepTimeouts()
    {
        if (_decided)
        {
            return;
        }

        if (Step == ReplicaStep.Prevote && _prevotes.TryGetValue(Round, out var prevotes) && _validators.IsQuorum(prevotes.TotalWeight)
            && _triggered.Add((Trigger.PrevoteTimeout, Round)))
        {
            Schedule(Scaled(_options.PrevoteTimeout, Round), Height, Round, OnTimeoutPrevote);
        }

        if (_precommits.TryGetValue(Round, out var precommits) && _validators.IsQuorum(precommits.TotalWeight)
            && _triggered.Add((Trigger.PrecommitTimeout, Round)))
        {
            Schedule(Scaled(_options.PrecommitTimeout, Round), Height, Round, OnTimeoutPrecommit);
        }
    }
}
