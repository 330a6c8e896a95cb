using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration.Security;

public sealed class ApiKeyTests(SecuredServer fixture) : IClassFixture<SecuredServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Call_BearerHeader_IsAuthenticated()
    {
        var response = await Server.Catalog.ListMoviesAsync(new ListMoviesRequest(), SecuredServer.Bearer(SecuredServer.ReaderKey)).ResponseAsync.WithTimeout();

        Assert.NotNull(response);
    }

    [Fact]
    public async Task Call_ApiKeyHeader_IsAuthenticated()
    {
        var response = await Server.Catalog.ListMoviesAsync(new ListMoviesRequest(), SecuredServer.ApiKeyHeader(SecuredServer.ReaderKey)).ResponseAsync.WithTimeout();

        Assert.NotNull(response);
    }

    [Fact]
    public async Task Call_LowerCaseBearerScheme_IsAuthenticated()
    {
        var headers = new Metadata { { "authorization", "bearer " + SecuredServer.ReaderKey } };

        var response = await Server.Catalog.ListMoviesAsync(new ListMoviesRequest(), headers).ResponseAsync.WithTimeout();

        Assert.NotNull(response);
    }

    [Fact]
    public async Task Call_HashedKey_IsAuthenticatedWithItsRole()
    {
        var response = await Server.Catalog.UpsertMoviesAsync(
            new UpsertMoviesRequest { Movies = { Fixtures.Movie("hashed-key-movie") } }, SecuredServer.ApiKeyHeader(SecuredServer.WriterKey)).ResponseAsync.WithTimeout();

        Assert.Equal(1, response.Upserted);
    }

    [Fact]
    public async Task Call_NoKey_IsUnauthenticatedAndSaysWhatToSend()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Server.Catalog.ListMoviesAsync(new ListMoviesRequest()).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("authorization: Bearer <key>", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("x-api-key", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authorization", "Bearer reader-key-0123456789abcdeX")]
    [InlineData("authorization", "Bearer ")]
    [InlineData("x-api-key", "admin-key-0123456789abcde")]
    [InlineData("x-api-key", "ADMIN-KEY-0123456789ABCDEF")]
    public async Task Call_WrongKey_IsUnauthenticated(string header, string value)
    {
        var headers = new Metadata { { header, value } };

        var error = await Assert.ThrowsAsync<RpcException>(() => Server.Catalog.ListMoviesAsync(new ListMoviesRequest(), headers).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("not valid", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ReaderKey_IsPermissionDeniedAndStoresNothing()
    {
        var request = new AddRatingRequest { UserId = "u1", MovieId = "hashed-key-movie", Value = 4 };

        var error = await Assert.ThrowsAsync<RpcException>(() => Server.Ratings.AddRatingAsync(request, SecuredServer.Bearer(SecuredServer.ReaderKey)).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("reader-app", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await Server.CountRowsAsync()).Ratings);
    }

    [Fact]
    public async Task Health_NoKey_AnswersServing()
    {
        var response = await Server.Health.CheckAsync(new HealthCheckRequest { Service = "" }).ResponseAsync.WithTimeout();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_NoKey_ListsTheServices()
    {
        // Arrange
        var client = new ServerReflection.ServerReflectionClient(Server.Channel);
        using var call = client.ServerReflectionInfo();

        // Act
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }).WithTimeout();
        await call.RequestStream.CompleteAsync().WithTimeout();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WithTimeout());

        // Assert
        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "recommender.v1.RecommendationService");
    }
}
