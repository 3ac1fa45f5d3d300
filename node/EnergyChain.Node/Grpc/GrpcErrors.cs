using EnergyChain.Core.Execution;
using Grpc.Core;

namespace EnergyChain.Node.Grpc;

/// <summary>
/// The one table from the node's typed errors to gRPC status codes (docs/grpc.md). The status detail is
/// "Code: message" with the code the HTTP API puts in <c>error.code</c>, so clients can tell refusals apart the
/// same way over both.
/// </summary>
internal static class GrpcErrors
{
    /// <summary>
    /// InvalidArgument: wrong whatever the chain's state (bad encoding, signature, chain, a value no state makes
    /// valid). FailedPrecondition: well formed but refused now (nonce, funds, membership, windows of the market).
    /// ResourceExhausted: a limit of the node was hit, so the same transaction may pass later or smaller.
    /// </summary>
    public static StatusCode StatusOf(TxError error) => error switch
    {
        TxError.Malformed or TxError.BadSignature or TxError.WrongChainId or TxError.ZeroAmount or TxError.InvalidEvidence
            or TxError.InvalidContract or TxError.UnsupportedByEngine or TxError.ValueOutOfRange or TxError.InvalidPriceLimits
            or TxError.OutsideAvailability or TxError.UnknownSite or TxError.InvalidMember => StatusCode.InvalidArgument,
        TxError.NonceTooLow or TxError.NonceGap or TxError.InsufficientBalance or TxError.InsufficientStake or TxError.Overflow
            or TxError.DuplicateInBlock or TxError.FeeTooLow or TxError.EvidenceAlreadyUsed or TxError.ContractsDisabled
            or TxError.InvalidReport or TxError.NotHouseholdMeter or TxError.ReadingOutOfWindow or TxError.DuplicateReading
            or TxError.DuplicateIntent or TxError.NotTradeParty or TxError.AlreadyMember or TxError.NotMember or TxError.ProposalOpen
            or TxError.NoOpenProposal or TxError.DuplicateVote or TxError.BelowMinimumMembers or TxError.DepositTooLow
            or TxError.NotOperator or TxError.MembershipFull or TxError.ReplacementUnderpriced => StatusCode.FailedPrecondition,
        TxError.TooLarge or TxError.PoolFull or TxError.NonceTooFarAhead => StatusCode.ResourceExhausted,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "a TxError without a gRPC status: add it to GrpcErrors.StatusOf"),
    };

    /// <summary>The codes the API uses besides the TxError names.</summary>
    public static StatusCode StatusOf(string code) => code switch
    {
        BadRequest => StatusCode.InvalidArgument,
        PayloadTooLarge => StatusCode.ResourceExhausted,
        NotFound => StatusCode.NotFound,
        Unauthorized => StatusCode.Unauthenticated,
        _ when Enum.TryParse<TxError>(code, out var error) && Enum.IsDefined(error) => StatusOf(error),
        _ => StatusCode.Internal,
    };

    public const string BadRequest = "BadRequest";
    public const string PayloadTooLarge = "PayloadTooLarge";
    public const string NotFound = "NotFound";
    public const string Unauthorized = "Unauthorized";

    public static RpcException Refusal(TxRejection rejection) =>
        new(new Status(StatusOf(rejection.Error), Detail(rejection.Error.ToString(), rejection.Message)));

    public static RpcException Of(string code, string message) => new(new Status(StatusOf(code), Detail(code, message)));

    public static string Detail(string code, string message) => $"{code}: {message}";
}
