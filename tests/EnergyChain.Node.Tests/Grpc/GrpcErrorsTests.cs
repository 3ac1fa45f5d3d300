using EnergyChain.Core.Execution;
using EnergyChain.Node.Grpc;
using Grpc.Core;

namespace EnergyChain.Node.Tests.Grpc;

public sealed class GrpcErrorsTests
{
    public static TheoryData<TxError> EveryTxError() => new(Enum.GetValues<TxError>());

    [Theory]
    [MemberData(nameof(EveryTxError))]
    public void Every_tx_error_has_a_refusal_status(TxError error)
    {
        var status = GrpcErrors.StatusOf(error);
        Assert.Contains(status, new[] { StatusCode.InvalidArgument, StatusCode.FailedPrecondition, StatusCode.ResourceExhausted });

        // The code string the HTTP API uses maps the same way, and the detail starts with it.
        Assert.Equal(status, GrpcErrors.StatusOf(error.ToString()));
        var refusal = GrpcErrors.Refusal(new TxRejection(error, "why"));
        Assert.Equal(status, refusal.StatusCode);
        Assert.Equal($"{error}: why", refusal.Status.Detail);
    }

    [Theory]
    [InlineData(TxError.Malformed, StatusCode.InvalidArgument)]
    [InlineData(TxError.BadSignature, StatusCode.InvalidArgument)]
    [InlineData(TxError.WrongChainId, StatusCode.InvalidArgument)]
    [InlineData(TxError.NonceTooLow, StatusCode.FailedPrecondition)]
    [InlineData(TxError.NonceGap, StatusCode.FailedPrecondition)]
    [InlineData(TxError.InsufficientBalance, StatusCode.FailedPrecondition)]
    [InlineData(TxError.NotMember, StatusCode.FailedPrecondition)]
    [InlineData(TxError.PoolFull, StatusCode.ResourceExhausted)]
    [InlineData(TxError.TooLarge, StatusCode.ResourceExhausted)]
    public void Refusals_map_by_kind(TxError error, StatusCode expected)
    {
        Assert.Equal(expected, GrpcErrors.StatusOf(error));
    }

    [Theory]
    [InlineData("BadRequest", StatusCode.InvalidArgument)]
    [InlineData("PayloadTooLarge", StatusCode.ResourceExhausted)]
    [InlineData("NotFound", StatusCode.NotFound)]
    [InlineData("Unauthorized", StatusCode.Unauthenticated)]
    [InlineData("SomethingElse", StatusCode.Internal)]
    public void Api_codes_map_to_statuses(string code, StatusCode expected)
    {
        var error = GrpcErrors.Of(code, "because");
        Assert.Equal(expected, error.StatusCode);
        Assert.Equal($"{code}: because", error.Status.Detail);
    }
}
