using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Consensus.Bft;

/// <summary>
/// One member's consensus state machine: Tendermint's algorithm ("The latest gossip on BFT consensus", Buchman,
/// Kwon, Milosevic 2018) with weighted votes. Per height, rounds of propose / prevote / precommit; the proposer of
/// each round comes from <see cref="IReplicaApplication.ProposerFor"/> (WRS over the engine's weights, skipping
/// the proposers of earlier rounds: the slot timeout and fallback of eq. 3.24). A block is committed, and final,
/// once precommits of more than two thirds of the voting weight name it; locking on a prevote quorum makes two
/// different blocks final at one height impossible while less than a third of the weight is faulty.
/// All entry points take one lock: messages and timers may arrive on any thread.
/// </summary>
public sealed partial class Replica
{
    private readonly PrivateKey _key;
    private readonly string _chainId;
    private readonly ISecp256k1 _crypto;
    private readonly IReplicaApplication _app;
    private readonly IReplicaNetwork _network;
    private readonly TimeProvider _time;
    private readonly ReplicaOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, Proposal> _proposals = [];
    private readonly Queue<Evidence> _evidence = new();
    private readonly HashSet<(EvidenceKind, PublicKey, ulong, uint)> _offences = [];
    private readonly Dictionary<uint, VoteSet> _prevotes = [];
    private readonly Dictionary<uint, VoteSet> _precommits = [];
    // By hash and seal: a block's hash leaves out the producer's signature, and a copy of a valid block with another
    // signature (a re-proposal by a dishonest proposer) must be judged on its own.
    private readonly Dictionary<(Hash256 Hash, string Seal), string?> _validity = [];
    private readonly HashSet<(Trigger Trigger, uint Round)> _triggered = [];
    private readonly List<(object Peer, byte[] Message)> _future = [];
    private readonly List<ITimer> _timers = [];
    private readonly List<(uint Round, byte[] Message)> _sent = [];
    private ITimer? _rebroadcast;
    private readonly SignGuard _guard;
    private ValidatorSet _validators = null!;
    private Block? _lockedBlock;
    private long _lockedRound = -1;
    private Block? _validBlock;
    private long _validRound = -1;
    private long _lastCatchUpRequest;
    private bool _started;
    private bool _decided;

    public Replica(PrivateKey key, string chainId, ISecp256k1 crypto, IReplicaApplication app, IReplicaNetwork network, TimeProvider time, ReplicaOptions? options = null, SignGuard? guard = null)
    {
        _guard = guard ?? new SignGuard();
        _key = key;
        _chainId = chainId;
        _crypto = crypto;
        _app = app;
        _network = network;
        _time = time;
        _options = options ?? new ReplicaOptions();
    }

    public ulong Height { get; private set; }

    public uint Round { get; private set; }

    public ReplicaStep Step { get; private set; }

    /// <summary>
    /// Offences seen (double votes, double proposals), each once, the most recent <see cref="MaxEvidenceKept"/>; each
    /// new one is handed to the application, which turns what the chain can prove into evidence transactions.
    /// </summary>
    public IReadOnlyCollection<Evidence> Evidence => _evidence;

    public const int MaxEvidenceKept = 1_000;

    /// <summary>Messages refused as undecodable or badly signed (the network layer may penalize their senders).</summary>
    public long InvalidMessages { get; private set; }

    public void Start()
    {
        lock (_lock)
        {
            _started = true;
            _rebroadcast = _time.CreateTimer(_ => Rebroadcast(), null, _options.RebroadcastInterval, _options.RebroadcastInterval);
            StartHeight(_app.Head.Height + 1);
        }
    }

    /// <summary>Stops all timers (a crashed or stopping node).</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _started = false;
            _rebroadcast?.Dispose();
            CancelTimers();
        }
    }

    /// <summary>Handles a message from <paramref name="peer"/>; false when it was invalid.</summary>
    public bool Receive(object peer, ReadOnlySpan<byte> bytes)
    {
        BftMessage message;
        try
        {
            message = BftCodec.Decode(bytes);
        }
        catch (DecodeException)
        {
            lock (_lock)
            {
                InvalidMessages++;
            }

            return false;
        }

        lock (_lock)
        {
            if (!_started)
            {
                return true;
            }

            var valid = message.Kind switch
            {
                BftMessageKind.Proposal => OnProposal(peer, message.Proposal!, bytes),
                BftMessageKind.Vote => OnVote(peer, message.Vote!, bytes),
                BftMessageKind.CommitRequest => OnCommitRequest(peer, message.RequestedHeight),
                BftMessageKind.Commit => OnCommit(peer, message.Block!, message.Certificate!),
                _ => false,
            };
            if (!valid)
            {
                InvalidMessages++;
            }

            return valid;
        }
    }

    private void StartHeight(ulong height)
    {
        CancelTimers();
        Height = height;
        _decided = false;
        _validators = _app.ValidatorsFor(height);
        _proposals.Clear();
        _prevotes.Clear();
        _precommits.Clear();
        _validity.Clear();
        _triggered.Clear();
        _sent.Clear();
        _lockedBlock = _validBlock = null;
        _lockedRound = _validRound = -1;
        StartRound(0);

        // Messages that arrived early: this height's are handled now, later heights' go back into the buffer. If one of
        // them moves the replica on (a decision while catching up), the rest are still handled, against the new height.
        var buffered = _future.ToList();
        _future.Clear();
        foreach (var (peer, message) in buffered)
        {
            var decoded = BftCodec.Decode(message);
            if (decoded.Kind == BftMessageKind.Proposal)
            {
                OnProposal(peer, decoded.Proposal!, message);
            }
            else if (decoded.Kind == BftMessageKind.Vote)
            {
                OnVote(peer, decoded.Vote!, message);
            }
        }
    }

    private void StartRound(uint round)
    {
        Round = round;
        Step = ReplicaStep.Propose;
        if (_app.ProposerFor(Height, round).Equals(_key.PublicKey))
        {
            var block = _validBlock ?? _app.BuildProposal(Height, round, _time.GetUtcNow().ToUnixTimeMilliseconds());
            if (!_guard.TryRecord(Height, round, 0, block.Hash))
            {
                // Signed something else here before a restart: stay silent; the round times out as if offline.
                Schedule(Scaled(_options.ProposeTimeout, round), Height, round, OnTimeoutPropose);
                Evaluate();
                return;
            }

            var proposal = Proposal.Create(_chainId, Height, round, _validBlock is null ? -1 : _validRound, block, _key);
            var encoded = BftCodec.Encode(proposal);
            _network.Broadcast(encoded);
            _sent.Add((round, encoded));
            OnProposal(this, proposal, encoded);
        }
        else
        {
            Schedule(Scaled(_options.ProposeTimeout, round), Height, round, OnTimeoutPropose);
        }

        Evaluate();
    }

    private bool OnProposal(object peer, Proposal proposal, ReadOnlySpan<byte> encoded)
    {
        if (proposal.Height != Height)
        {
            return OnOtherHeight(peer, proposal.Height, encoded);
        }

        // Decided and waiting out the commit delay: the chain's head is already this height's block, so who was
        // elected for it can no longer be derived from the head. A late or rebroadcast proposal is harmless; drop it.
        if (_decided)
        {
            return true;
        }

        if (proposal.Round > Round + _options.MaxRoundsAhead || !_app.ProposerFor(Height, proposal.Round).Equals(proposal.Proposer)
            || !proposal.Verify(_chainId, _crypto))
        {
            return false;
        }

        if (_proposals.TryGetValue(proposal.Round, out var existing))
        {
            if (existing.Block.Hash != proposal.Block.Hash || existing.ValidRound != proposal.ValidRound)
            {
                Record(new Evidence(EvidenceKind.DoubleProposal, proposal.Proposer, Height, proposal.Round, BftCodec.Encode(existing), encoded.ToArray()));
            }

            return true;
        }

        _proposals[proposal.Round] = proposal;
        Evaluate();
        return true;
    }

    // A conflicting message is usually resent (rebroadcasts), so one offence is recorded and reported once.
    private void Record(Evidence evidence)
    {
        if (!_offences.Add((evidence.Kind, evidence.Offender, evidence.Height, evidence.Round)))
        {
            return;
        }

        _evidence.Enqueue(evidence);
        if (_evidence.Count > MaxEvidenceKept)
        {
            var dropped = _evidence.Dequeue();
            _offences.Remove((dropped.Kind, dropped.Offender, dropped.Height, dropped.Round));
        }

        _app.OnEvidence(evidence);
    }

    private bool OnVote(object peer, Vote vote, ReadOnlySpan<byte> encoded)
    {
        if (vote.Height != Height)
        {
            return OnOtherHeight(peer, vote.Height, encoded);
        }

        if (vote.Round > Round + _options.MaxRoundsAhead || !_validators.Contains(vote.Voter) || !vote.Verify(_chainId, _crypto))
        {
            return false;
        }

        var sets = vote.Type == VoteType.Prevote ? _prevotes : _precommits;
        if (!sets.TryGetValue(vote.Round, out var set))
        {
            set = sets[vote.Round] = new VoteSet();
        }

        if (set.Add(vote, _validators.WeightOf(vote.Voter)) is { } conflicting)
        {
            Record(new Evidence(EvidenceKind.DoubleVote, vote.Voter, Height, vote.Round, BftCodec.Encode(conflicting), encoded.ToArray()));
            return true;
        }

        Evaluate();
        return true;
    }

    /// <summary>
    /// A message for another height. Earlier heights are over; a later one means this node is behind: keep a
    /// bounded number of messages for the next few heights and ask the sender for the commits this node lacks.
    /// </summary>
    private bool OnOtherHeight(object peer, ulong height, ReadOnlySpan<byte> encoded)
    {
        if (height <= Height)
        {
            return true;
        }

        if (height - Height <= _options.FutureHeightsBuffered && _future.Count < _options.MaxBufferedFutureMessages)
        {
            _future.Add((peer, encoded.ToArray()));
        }

        // Waiting out the commit delay, next-height messages are expected; otherwise they mean this node is behind.
        var now = _time.GetTimestamp();
        var behind = !_decided || height > Height + 1;
        if (behind && peer != this && _time.GetElapsedTime(_lastCatchUpRequest, now) >= TimeSpan.FromMilliseconds(200))
        {
            _lastCatchUpRequest = now;
            _network.Send(peer, BftCodec.EncodeCommitRequest(Height));
        }

        return true;
    }

    private bool OnCommitRequest(object peer, ulong height)
    {
        if ((height < Height || (height == Height && _decided)) && _app.GetCommitted(height) is { } committed)
        {
            _network.Send(peer, BftCodec.EncodeCommit(committed.Block, committed.Certificate));
        }

        return true;
    }

    private bool OnCommit(object peer, Block block, CommitCertificate certificate)
    {
        if (_decided && block.Height == Height + 1)
        {
            // Caught up while waiting out the commit delay: skip the wait.
            StartHeight(Height + 1);
        }

        if (block.Height != Height || _decided)
        {
            return true;
        }

        if (certificate.Height != Height || certificate.BlockHash != block.Hash || !certificate.Verify(_chainId, _validators, _crypto)
            || IsValid(block) is not null)
        {
            return false;
        }

        Decide(block, certificate, catchingUp: true);

        // Still behind? Ask for the next one right away.
        _network.Send(peer, BftCodec.EncodeCommitRequest(Height));
        return true;
    }

    private void OnTimeoutPropose(ulong height, uint round)
    {
        if (Height == height && Round == round && Step == ReplicaStep.Propose)
        {
            CastVote(VoteType.Prevote, Hash256.Zero);
            Step = ReplicaStep.Prevote;
            Evaluate();
        }
    }

    private void OnTimeoutPrevote(ulong height, uint round)
    {
        if (Height == height && Round == round && Step == ReplicaStep.Prevote)
        {
            CastVote(VoteType.Precommit, Hash256.Zero);
            Step = ReplicaStep.Precommit;
            Evaluate();
        }
    }

    private void OnTimeoutPrecommit(ulong height, uint round)
    {
        if (Height == height && Round == round)
        {
            StartRound(round + 1);
        }
    }

    /// <summary>
    /// Commits a decided block. Normally the next height starts <see cref="ReplicaOptions.CommitDelay"/> after the
    /// decision (collects transactions, paces an idle chain): the time the commit itself took counts towards it, so
    /// a loaded node does not wait a full delay on top of a long commit. A node catching up from certificates moves
    /// on at once.
    /// </summary>
    private void Decide(Block block, CommitCertificate certificate, bool catchingUp = false)
    {
        var decidedAt = _time.GetTimestamp();
        _app.Commit(block, certificate);
        _decided = true;
        CancelTimers();
        var next = block.Height + 1;
        var delay = _options.CommitDelay - _time.GetElapsedTime(decidedAt);
        if (catchingUp || delay <= TimeSpan.Zero)
        {
            StartHeight(next);
            return;
        }

        _timers.Add(_time.CreateTimer(
            _ =>
            {
                lock (_lock)
                {
                    if (_started && _decided && Height == block.Height)
                    {
                        StartHeight(next);
                    }
                }
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan));
    }

    private void CastVote(VoteType type, Hash256 blockHash)
    {
        // A node outside this height's validator set (not yet joined, or departed, or without voting weight) follows
        // the chain: it decides on the members' votes and commits what they certify, but signs nothing itself.
        if (!_validators.Contains(_key.PublicKey))
        {
            return;
        }

        if (!_guard.TryRecord(Height, Round, (byte)type, blockHash))
        {
            return; // would contradict what this member signed before a restart
        }

        var vote = Vote.Create(_chainId, type, Height, Round, blockHash, _key);
        var encoded = BftCodec.Encode(vote);
        _network.Broadcast(encoded);
        _sent.Add((Round, encoded));
        var sets = type == VoteType.Prevote ? _prevotes : _precommits;
        if (!sets.TryGetValue(Round, out var set))
        {
            set = sets[Round] = new VoteSet();
        }

        set.Add(vote, _validators.WeightOf(vote.Voter));
    }

    // Resends this round's own proposal and votes; receivers drop duplicates, and a peer at a lower height that
    // hears them asks for the commits it lacks.
    private void Rebroadcast()
    {
        lock (_lock)
        {
            if (!_started || _decided)
            {
                return;
            }

            foreach (var (round, message) in _sent)
            {
                if (round == Round)
                {
                    _network.Broadcast(message);
                }
            }
        }
    }

    private string? IsValid(Block block)
    {
        var key = (block.Hash, Convert.ToHexString(block.Header.Signature.Span));
        if (!_validity.TryGetValue(key, out var reason))
        {
            reason = block.Height != Height ? $"block for height {block.Height}, deciding {Height}"
                : block.Header.Slot > uint.MaxValue || !_app.ProposerFor(Height, (uint)block.Header.Slot).Equals(block.Header.ProducerKey)
                    ? $"block {block.Hash} was not made by the proposer of its round {block.Header.Slot}"
                    : _app.Validate(block);
            _validity[key] = reason;
        }

        return reason;
    }

    private void Schedule(TimeSpan delay, ulong height, uint round, Action<ulong, uint> action)
    {
        _timers.Add(_time.CreateTimer(
            _ =>
            {
                lock (_lock)
                {
                    if (_started)
                    {
                        action(height, round);
                    }
                }
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan));
    }

    private void CancelTimers()
    {
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }

    private TimeSpan Scaled(TimeSpan timeout, uint round) => timeout + (_options.TimeoutIncrement * round);
}
