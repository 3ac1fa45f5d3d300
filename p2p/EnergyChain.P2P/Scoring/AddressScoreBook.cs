namespace EnergyChain.P2P.Scoring;

/// <summary>
/// Misbehaviour scores per remote IP address, for what happens before a peer has proved a key (garbage
/// instead of a handshake, wrong chain, not a member).
/// </summary>
public sealed class AddressScoreBook : ScoreBook<System.Net.IPAddress>
{
    public AddressScoreBook(PeerScoreOptions? options = null, TimeProvider? timeProvider = null)
        : base(options, timeProvider)
    {
    }
}
