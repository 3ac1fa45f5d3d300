using EnergyChain.Core.Crypto;

namespace EnergyChain.P2P.Scoring;

/// <summary>Misbehaviour scores per node key (authenticated peers).</summary>
public sealed class PeerScoreBook : ScoreBook<PublicKey>
{
    public PeerScoreBook(PeerScoreOptions? options = null, TimeProvider? timeProvider = null)
        : base(options, timeProvider)
    {
    }
}
