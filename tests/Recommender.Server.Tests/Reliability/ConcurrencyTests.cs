using Grpc.Core;
using Microsoft.Data.Sqlite;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using Recommender.Server.Tests.Integration;

namespace Recommender.Server.Tests.Reliability;

/// <summary>Ingestion, training and queries at once, for a bounded time: no call fails and no rating is lost.</summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan s_duration = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task IngestTrainAndQuery_Together_NoFailedCallAndNoLostRating()
    {
        // Arrange
        await using var server = TestServer.Start();
        await PlantedTastes.SeedAsync(server);
        await PlantedTastes.TrainAsync(server, epochs: 5);
        var acknowledged = new List<Rating>();
        var failures = new List<string>();
        var completed = new Dictionary<string, int>();
        using var stop = new CancellationTokenSource(s_duration);

        // Act: each worker loops until the time is up; no call carries the stop token, so none is cancelled.
        async Task Worker(string name, Func<int, Task> step)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await step(i);
                    lock (completed)
                    {
                        completed[name] = completed.GetValueOrDefault(name) + 1;
                    }
                }
                catch (RpcException ex)
                {
                    lock (failures)
                    {
                        failures.Add($"{name}#{i}: {ex.Status}");
                    }
                }
            }
        }

        await Task.WhenAll(
            Worker("add-a", i => AddAsync(server, acknowledged, $"ca{i % 30}", i)),
            Worker("add-b", i => AddAsync(server, acknowledged, $"cb{i % 30}", i)),
            Worker("ingest", i => IngestAsync(server, acknowledged, i)),
            Worker("train", async _ => await PlantedTastes.TrainAsync(server, epochs: 20)),
            Worker("recommend", async i =>
                await server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = $"u{i % 60}", Limit = 10 }).ResponseAsync.WithTimeout()),
            Worker("similar", async i =>
                await server.Recommendations.SimilarMoviesAsync(new SimilarMoviesRequest { MovieId = $"m{i % 36}", Limit = 5 }).ResponseAsync.WithTimeout()),
            Worker("model", async _ => await server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout()));

        // Assert
        Assert.True(failures.Count == 0, $"{failures.Count} calls failed:\n{string.Join("\n", failures)}");
        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} ratings were acknowledged in {s_duration.TotalSeconds} s");
        var stored = await ReadRatingsAsync(server.DatabasePath);
        foreach (var rating in acknowledged)
        {
            Assert.True(stored.TryGetValue((rating.UserId, rating.MovieId), out var value), $"acknowledged rating {rating.UserId}/{rating.MovieId} was lost");
            Assert.Equal(rating.Value, value);
        }

        // Every kind of call really ran alongside the others.
        Assert.Equal(["add-a", "add-b", "ingest", "model", "recommend", "similar", "train"], completed.Keys.Order());
    }

    /// <summary>Each (user, movie) pair is written once, so the stored value must be exactly the acknowledged one.</summary>
    private static async Task AddAsync(TestServer server, List<Rating> acknowledged, string user, int i)
    {
        if (i >= 30 * 36)
        {
            // Every pair of this worker is written; stop writing rather than overwrite one.
            return;
        }

        var rating = Fixtures.Rating(user, $"m{i / 30 % 36}", 0.5f + (i % 10 * 0.5f));
        await server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = rating.UserId, MovieId = rating.MovieId, Value = rating.Value }).ResponseAsync.WithTimeout();
        lock (acknowledged)
        {
            acknowledged.Add(rating);
        }
    }

    private static async Task IngestAsync(TestServer server, List<Rating> acknowledged, int i)
    {
        var batch = Enumerable.Range(0, 36).Select(m => Fixtures.Rating($"ci{i}", $"m{m}", 0.5f + ((i + m) % 10 * 0.5f))).ToList();
        using var call = server.Ratings.IngestRatings();
        foreach (var rating in batch)
        {
            await call.RequestStream.WriteAsync(rating).WithTimeout();
        }

        await call.RequestStream.CompleteAsync().WithTimeout();
        await call.ResponseAsync.WithTimeout();
        lock (acknowledged)
        {
            acknowledged.AddRange(batch);
        }
    }

    private static async Task<Dictionary<(string User, string Movie), float>> ReadRatingsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT u.ExternalId, m.ExternalId, r.Value FROM Ratings r JOIN Users u ON u.Id = r.UserId JOIN Movies m ON m.Id = r.MovieId";
        var result = new Dictionary<(string, string), float>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[(reader.GetString(0), reader.GetString(1))] = reader.GetFloat(2);
        }

        return result;
    }
}
