using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using static Recommender.Server.Tests.Integration.Fixtures;

namespace Recommender.Server.Tests.Integration;

public sealed class RatingServiceTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start();
        await SeedMoviesAsync(_server, 5).WithTimeout();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AddRating_NewUser_CreatesUserAndRating()
    {
        // Act
        await _server.Ratings.AddRatingAsync(new AddRatingRequest
        {
            UserId = "alice", MovieId = "m1", Value = 4.5f, RatedAt = new Timestamp { Seconds = 1_700_000_000 },
        }).ResponseAsync.WithTimeout();
        var ratings = await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "alice" }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal([Rating("alice", "m1", 4.5f, 1_700_000_000)], ratings.Ratings);
        Assert.Equal(1, (await _server.CountRowsAsync()).Users);
    }

    [Fact]
    public async Task AddRating_SamePairTwice_UpsertsKeepingOneRow()
    {
        // Act
        await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "bob", MovieId = "m2", Value = 1 }).ResponseAsync.WithTimeout();
        await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "bob", MovieId = "m2", Value = 3 }).ResponseAsync.WithTimeout();
        var ratings = await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "bob" }).ResponseAsync.WithTimeout();

        // Assert
        var only = Assert.Single(ratings.Ratings);
        Assert.Equal(3f, only.Value);
    }

    [Fact]
    public async Task AddRating_WithoutTimestamp_UsesServerClock()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "carol", MovieId = "m0", Value = 2 }).ResponseAsync.WithTimeout();
        var rating = (await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "carol" }).ResponseAsync.WithTimeout()).Ratings.Single();

        Assert.InRange(rating.RatedAt.ToDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    public static TheoryData<AddRatingRequest, StatusCode, string> BadRatings => new()
    {
        { new AddRatingRequest { UserId = "", MovieId = "m1", Value = 3 }, StatusCode.InvalidArgument, "user_id" },
        { new AddRatingRequest { UserId = new string('u', 129), MovieId = "m1", Value = 3 }, StatusCode.InvalidArgument, "user_id" },
        { new AddRatingRequest { UserId = "u", MovieId = "", Value = 3 }, StatusCode.InvalidArgument, "movie_id" },
        { new AddRatingRequest { UserId = "u", MovieId = "m1", Value = float.NaN }, StatusCode.InvalidArgument, "value" },
        { new AddRatingRequest { UserId = "u", MovieId = "m1", Value = float.PositiveInfinity }, StatusCode.InvalidArgument, "value" },
        { new AddRatingRequest { UserId = "u", MovieId = "m1", Value = 5.5f }, StatusCode.InvalidArgument, "value" },
        { new AddRatingRequest { UserId = "u", MovieId = "m1", Value = 0.4f }, StatusCode.InvalidArgument, "value" },
        { new AddRatingRequest { UserId = "u", MovieId = "m1", Value = 3, RatedAt = new Timestamp { Nanos = -1 } }, StatusCode.InvalidArgument, "rated_at" },
        { new AddRatingRequest { UserId = "u", MovieId = "no-such-movie", Value = 3 }, StatusCode.NotFound, "movie_id" },
    };

    [Theory]
    [MemberData(nameof(BadRatings))]
    public async Task AddRating_BadInput_ReturnsStatusNamingFieldAndChangesNothing(AddRatingRequest request, StatusCode code, string field)
    {
        // Arrange
        var before = await _server.CountRowsAsync();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Ratings.AddRatingAsync(request).ResponseAsync.WithTimeout());

        // Assert
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await _server.CountRowsAsync());
    }

    [Fact]
    public async Task DeleteRating_Existing_RemovesItAndReportsTrueThenFalse()
    {
        // Arrange
        await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "dan", MovieId = "m3", Value = 4 }).ResponseAsync.WithTimeout();
        await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "dan", MovieId = "m4", Value = 2 }).ResponseAsync.WithTimeout();

        // Act
        var first = await _server.Ratings.DeleteRatingAsync(new DeleteRatingRequest { UserId = "dan", MovieId = "m3" }).ResponseAsync.WithTimeout();
        var second = await _server.Ratings.DeleteRatingAsync(new DeleteRatingRequest { UserId = "dan", MovieId = "m3" }).ResponseAsync.WithTimeout();
        var left = await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "dan" }).ResponseAsync.WithTimeout();

        // Assert
        Assert.True(first.Deleted);
        Assert.False(second.Deleted);
        Assert.Equal(["m4"], left.Ratings.Select(r => r.MovieId));
    }

    [Fact]
    public async Task GetUserRatings_UnknownUser_ReturnsEmpty()
    {
        var ratings = await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "nobody" }).ResponseAsync.WithTimeout();

        Assert.Empty(ratings.Ratings);
    }

    [Fact]
    public async Task DeleteRating_EmptyId_ReturnsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Ratings.DeleteRatingAsync(new DeleteRatingRequest { UserId = "x", MovieId = "" }).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("movie_id", error.Status.Detail, StringComparison.Ordinal);
    }
}
