using System.Numerics;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Consensus.Engine;

/// <summary>A branch tip as fork choice sees it.</summary>
/// <param name="Hash">The tip block's hash.</param>
/// <param name="Height">The tip block's height.</param>
/// <param name="TotalWork">Cumulative proof of work from genesis to the tip (0 for engines without work).</param>
/// <param name="FinalizedHeight">Height of the highest finalized block on this branch (0 = only genesis).</param>
public sealed record ChainTip(Hash256 Hash, ulong Height, BigInteger TotalWork, ulong FinalizedHeight);
