using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using static Recommender.Server.Tests.Integration.Fixtures;

namespace Recommender.Server.Tests.Integration;

public sealed class IngestRatingsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start();
        await SeedMoviesAsync(_server, 500).WithTimeout();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task IngestRatings_HundredThousandRows_LandWhole()
    {
        // Act
        var response = await StreamAsync(SyntheticRatings(100_000, users: 1000, movies: 500));

        // Assert
        var counts = await _server.CountRowsAsync();
        Assert.Equal(100_000, response.Accepted);
        Assert.Equal(1000, response.NewUsers);
        Assert.Equal(100_000, counts.Ratings);
        Assert.Equal(1000, counts.Users);
    }

    [Fact]
    public async Task IngestRatings_SameStreamTwice_LeavesSameRows()
    {
        // Arrange
        await StreamAsync(SyntheticRatings(20_000, users: 200, movies: 500));
        var first = await _server.CountRowsAsync();

        // Act
        var again = await StreamAsync(SyntheticRatings(20_000, users: 200, movies: 500));

        // Assert
        Assert.Equal(20_000, again.Accepted);
        Assert.Equal(0, again.NewUsers);
        Assert.Equal(first, await _server.CountRowsAsync());
    }

    [Fact]
    public async Task IngestRatings_UpdatedValues_Overwrite()
    {
        // Arrange
        await StreamAsync(SyntheticRatings(5_000, users: 50, movies: 500));
        var first = await _server.CountRowsAsync();

        // Act
        await StreamAsync(SyntheticRatings(5_000, users: 50, movies: 500, offset: 3));

        // Assert
        var second = await _server.CountRowsAsync();
        Assert.Equal(first.Ratings, second.Ratings);
        Assert.NotEqual(first.RatingChecksum, second.RatingChecksum);
    }

    public static TheoryData<Rating, StatusCode, string> BadRows => new()
    {
        { Rating("", "m1", 3), StatusCode.InvalidArgument, "ratings[1234].user_id" },
        { Rating(new string('u', 129), "m1", 3), StatusCode.InvalidArgument, "ratings[1234].user_id" },
        { Rating("u1", "", 3), StatusCode.InvalidArgument, "ratings[1234].movie_id" },
        { Rating("u1", "m1", float.NaN), StatusCode.InvalidArgument, "ratings[1234].value" },
        { Rating("u1", "m1", float.NegativeInfinity), StatusCode.InvalidArgument, "ratings[1234].value" },
        { Rating("u1", "m1", 9), StatusCode.InvalidArgument, "ratings[1234].value" },
        { Rating("u1", "unknown-movie", 3), StatusCode.NotFound, "ratings[1234].movie_id" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task IngestRatings_OneBadRow_FailsNamingIndexAndFieldAndStoresNothing(Rating bad, StatusCode code, string field)
    {
        // Arrange
        await StreamAsync(SyntheticRatings(100, users: 10, movies: 500));
        var before = await _server.CountRowsAsync();
        var rows = SyntheticRatings(3_000, users: 300, movies: 500, offset: 1).ToList();
        rows[1234] = bad;

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(rows));

        // Assert
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await _server.CountRowsAsync());
    }

    [Fact]
    public async Task IngestRatings_OverRowLimit_ReturnsResourceExhaustedAndStoresNothing()
    {
        await using var server = TestServer.Start(settings: new Dictionary<string, string?> { ["Recommender:Limits:MaxRatingsPerStream"] = "10" });
        await SeedMoviesAsync(server, 20);
        using var call = server.Ratings.IngestRatings();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            foreach (var rating in SyntheticRatings(11, users: 11, movies: 20))
            {
                await call.RequestStream.WriteAsync(rating).WithTimeout();
            }

            await call.RequestStream.CompleteAsync().WithTimeout();
            await call.ResponseAsync.WithTimeout();
        });

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0, (await server.CountRowsAsync()).Ratings);
    }

    [Fact]
    public async Task IngestRatings_EmptyStream_AcceptsNothing()
    {
        var response = await StreamAsync([]);

        Assert.Equal(0, response.Accepted);
    }

    [Fact]
    public async Task IngestRatingBatches_ManyMessages_LandWhole()
    {
        // Act
        var response = await StreamBatchesAsync(SyntheticRatings(25_000, users: 250, movies: 500), perMessage: 1000);

        // Assert
        Assert.Equal(25_000, response.Accepted);
        Assert.Equal(250, response.NewUsers);
        Assert.Equal(25_000, (await _server.CountRowsAsync()).Ratings);
    }

    [Fact]
    public async Task IngestRatingBatches_BadRowInThirdMessage_NamesStreamIndexAndStoresNothing()
    {
        // Arrange
        var before = await _server.CountRowsAsync();
        var rows = SyntheticRatings(5_000, users: 100, movies: 500).ToList();
        rows[2_345] = Rating("u1", "m1", float.NaN);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => StreamBatchesAsync(rows, perMessage: 1000));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("ratings[2345].value", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await _server.CountRowsAsync());
    }

    private async Task<IngestRatingBatchesResponse> StreamBatchesAsync(IEnumerable<Rating> ratings, int perMessage)
    {
        using var call = _server.Ratings.IngestRatingBatches();
        try
        {
            foreach (var chunk in ratings.Chunk(perMessage))
            {
                await call.RequestStream.WriteAsync(new IngestRatingBatchesRequest { Ratings = { chunk } }).WithTimeout();
            }

            await call.RequestStream.CompleteAsync().WithTimeout();
        }
        catch (RpcException)
        {
            // The server rejected the stream before it ended; its status is on the response.
        }

        return await call.ResponseAsync.WithTimeout();
    }

    private async Task<IngestRatingsResponse> StreamAsync(IEnumerable<Rating> ratings)
    {
        using var call = _server.Ratings.IngestRatings();
        try
        {
            foreach (var rating in ratings)
            {
                await call.RequestStream.WriteAsync(rating).WithTimeout();
            }

            await call.RequestStream.CompleteAsync().WithTimeout();
        }
        catch (RpcException)
        {
            // The server rejected the stream before it ended; its status is on the response.
        }
        catch (InvalidOperationException)
        {
            // Writing after the server completed the call; its status is on the response.
        }

        return await call.ResponseAsync.WithTimeout();
    }
}
