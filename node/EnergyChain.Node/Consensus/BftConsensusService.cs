using EnergyChain.Consensus.Bft;
using EnergyChain.Consensus.Engine;
using EnergyChain.Core.Crypto;
using EnergyChain.Node.Hosting;
using EnergyChain.Node.Network;
using EnergyChain.P2P.Messages;
using EnergyChain.P2P.Network;
using EnergyChain.P2P.Reactors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnergyChain.Node.Consensus;

/// <summary>
/// Runs the BFT replica for engines that finalize by votes (<c>pos</c>, <c>poeg</c>): its messages travel on the P2P consensus
/// channel, its blocks are built from the mempool and committed through <c>Blockchain.TryAppend</c> once more than
/// two thirds of the voting weight precommitted them, so every committed block is final.
/// </summary>
public sealed partial class BftConsensusService : IHostedService, IReplicaNetwork
{
    private readonly NodeServices _node;
    private readonly NodeNetwork _network;
    private readonly ILogger<BftConsensusService> _log;
    private Replica? _replica;

    public BftConsensusService(NodeServices node, NodeNetwork network, ILogger<BftConsensusService> log)
    {
        _node = node;
        _network = network;
        _log = log;
    }

    public Replica? Replica => _replica;

    public ChainApplication? Application { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_node.ConsensusEngine is not IVotingEngine engine)
        {
            return Task.CompletedTask;
        }

        var consensus = _network.Consensus
            ?? throw new NodeSetupException($"the {engine.Name} engine needs the P2P network: set p2p or peers");
        var chain = _node.Chain;
        ValidatorSet ValidatorsFor(ulong height) => engine.VotersAt(chain);
        PublicKey ProposerFor(ulong height, uint round) => engine.ProducerFor(chain, height, round);
        Application = new ChainApplication(chain, _node.Pool, _node.Key, ValidatorsFor, ProposerFor);
        Application.Finalized += (block, certificate) => LogFinalized(block.Height, certificate.Round, block.Transactions.Count, certificate.Precommits.Count);
        _node.Certificates = Application;
        _node.Proposers = ProposerFor;
        var interval = TimeSpan.FromMilliseconds(_node.Config.BlockIntervalMs);
        var guard = new FileSignGuard(Path.Combine(_node.Home.DataDirectory, "sign-state.bin"));
        _replica = new Replica(_node.Key, _node.Genesis.ChainId, CryptoBackends.Default, Application, this, _node.Time, new ReplicaOptions { CommitDelay = interval, ProposeTimeout = TimeSpan.FromMilliseconds(engine.ProposeTimeoutMs) }, guard);
        consensus.Handle(ConsensusCategory.Bft, (peer, payload, _) =>
        {
            if (!_replica.Receive(peer, payload.Span))
            {
                throw new MessageException(MessageError.InvalidField, "invalid replica message");
            }

            return ValueTask.CompletedTask;
        });
        _replica.Start();
        LogStarted(ValidatorsFor(chain.Head.Height + 1).Members.Count, interval.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _replica?.Stop();
        return Task.CompletedTask;
    }

    public void Broadcast(byte[] message) => _network.Consensus?.Broadcast(ConsensusCategory.Bft, message);

    public void Send(object peer, byte[] message)
    {
        if (peer is Peer connected && _network.Consensus is { } consensus)
        {
            _ = consensus.SendAsync(connected, ConsensusCategory.Bft, message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "BFT consensus: {Validators} validators, {IntervalMs} ms between heights")]
    private partial void LogStarted(int validators, double intervalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Final block {Height} (round {Round}, {Txs} txs, {Votes} precommits)")]
    private partial void LogFinalized(ulong height, uint round, int txs, int votes);
}
