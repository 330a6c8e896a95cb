using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_EmptyDatabase_SeedsTrainsAndRecommendsPlantedTaste()
    {
        // Arrange
        await using var server = TestServer.Start(settings: new Dictionary<string, string?> { ["Recommender:Demo"] = "true" });

        // Act
        var model = await server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();
        var list = await server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "demo-horror-fan-1", Limit = 3 }).ResponseAsync.WithTimeout();
        var horror = (await server.Catalog.ListMoviesAsync(new ListMoviesRequest { Genre = "Horror" }).ResponseAsync.WithTimeout())
            .Movies.Select(m => m.MovieId).ToHashSet();

        // Assert
        Assert.Equal(1, model.ModelVersion);
        Assert.Equal("personalized", list.Strategy);
        Assert.Contains(list.Items, i => horror.Contains(i.MovieId));
    }

    [Fact]
    public async Task Demo_DatabaseWithMovies_SeedsNothing()
    {
        // Arrange
        var path = TestServer.NewDatabasePath();
        await using (var first = TestServer.Start(path))
        {
            await Fixtures.SeedMoviesAsync(first, 3).WithTimeout();
        }

        // Act
        await using var server = TestServer.Start(path, new Dictionary<string, string?> { ["Recommender:Demo"] = "true" });

        // Assert
        Assert.Equal(new TestServer.TableCounts(0, 3, 0, 0), await server.CountRowsAsync());
    }
}
