using Grpc.Health.V1;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using static Recommender.Server.Tests.Integration.Fixtures;

namespace Recommender.Server.Tests.Integration;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_SameDatabaseFile_KeepsCatalogueAndRatings()
    {
        // Arrange
        var path = TestServer.NewDatabasePath();
        TestServer.TableCounts before;
        await using (var first = TestServer.Start(path))
        {
            await SeedMoviesAsync(first, 10).WithTimeout();
            await first.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "eve", MovieId = "m7", Value = 4 }).ResponseAsync.WithTimeout();
            before = await first.CountRowsAsync();
        }

        // Act
        await using var second = TestServer.Start(path);
        var ratings = await second.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "eve" }).ResponseAsync.WithTimeout();
        var movie = await second.Catalog.GetMovieAsync(new GetMovieRequest { MovieId = "m3" }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal(before, await second.CountRowsAsync());
        Assert.Equal("m7", Assert.Single(ratings.Ratings).MovieId);
        Assert.Equal("Movie m3", movie.Movie.Title);
    }

    [Fact]
    public async Task Start_EmptyFolder_CreatesDatabaseFileWithSchema()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "recommender-tests", Guid.NewGuid().ToString("N"), "nested", "fresh.db");

        // Act
        await using var server = TestServer.Start(path);

        // Assert
        Assert.True(File.Exists(path));
        Assert.Equal(new TestServer.TableCounts(0, 0, 0, 0), await server.CountRowsAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("recommender.v1.CatalogService")]
    [InlineData("recommender.v1.RatingService")]
    [InlineData("recommender.v1.ModelService")]
    [InlineData("recommender.v1.RecommendationService")]
    public async Task Health_AfterStart_IsServing(string service)
    {
        await using var server = TestServer.Start();

        var response = await server.Health.CheckAsync(new HealthCheckRequest { Service = service }).ResponseAsync.WithTimeout();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
