using Grpc.Core;
using Recommender.Server.Tests.Infrastructure;
using static Recommender.Server.Tests.Integration.Fixtures;

namespace Recommender.Server.Tests.Integration.Security;

public sealed class DeadlineTests
{
    [Fact]
    public async Task IngestRatings_DeadlineExpiresMidStream_DeadlineExceededAndNothingStored()
    {
        // Arrange
        await using var server = TestServer.Start();
        await SeedMoviesAsync(server, 5);
        using var call = server.Ratings.IngestRatings(deadline: DateTime.UtcNow.AddMilliseconds(500));
        foreach (var rating in SyntheticRatings(3, users: 3, movies: 5))
        {
            await call.RequestStream.WriteAsync(rating).WithTimeout();
        }

        // Act: the stream is never completed, so only the deadline can end the call.
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WithTimeout());

        // Assert
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(0, (await server.CountRowsAsync()).Ratings);
    }
}
