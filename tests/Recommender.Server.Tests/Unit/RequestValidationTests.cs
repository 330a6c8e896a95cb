using Grpc.Core;
using Recommender.Core;
using Recommender.Server.Validation;

namespace Recommender.Server.Tests.Unit;

public sealed class RequestValidationTests
{
    [Theory]
    [InlineData("request.UserId", "user_id")]
    [InlineData("request.MovieIds", "movie_ids")]
    [InlineData("movie.Title", "title")]
    [InlineData("value", "value")]
    public void FieldName_ArgumentExpression_IsProtoFieldName(string expression, string expected) =>
        Assert.Equal(expected, RequestValidation.FieldName(expression));

    [Theory]
    [InlineData(0.5f)]
    [InlineData(5f)]
    [InlineData(3.25f)]
    public void Rating_WithinRange_ReturnsValue(float value) =>
        Assert.Equal(value, RequestValidation.Rating(value, RatingRange.Default));

    [Fact]
    public void Id_ControlCharacter_ThrowsInvalidArgumentWithBadRequestDetail()
    {
        var error = Assert.Throws<RpcException>(() => RequestValidation.Id("a\nb", new FieldPath("ratings", 3), expression: "rating.UserId"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var detail = error.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>();
        Assert.Equal("ratings[3].user_id", Assert.Single(detail!.FieldViolations).Field);
    }

    [Fact]
    public void Limit_Zero_MeansDefault() => Assert.Equal(10, RequestValidation.Limit(0, 10, 1000));
}
