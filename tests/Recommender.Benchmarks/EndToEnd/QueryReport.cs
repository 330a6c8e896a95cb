using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Recommender.Contracts.V1;
using Recommender.Core.Embeddings;
using Recommender.Data;

namespace Recommender.Benchmarks.EndToEnd;

/// <summary>
/// <c>query [--movies N] [--users N] [--seconds S]</c>: RecommendForUser through gRPC against a
/// published model of MovieLens size (default 62,000 movies, 160,000 users, d = 64, random
/// factors): p50/p99 latency with one client, then queries/s with 32 concurrent clients.
/// Queried users have 50 stored ratings each, so every query also excludes rated movies.
/// </summary>
internal static class QueryReport
{
    private const int Dimensions = 64;
    private const int QueriedUsers = 2_000;
    private const int RatingsPerQueriedUser = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var movies = IntOption(args, "--movies", 62_000);
        var users = IntOption(args, "--users", 160_000);
        var seconds = IntOption(args, "--seconds", 10);
        var path = Path.Combine(Path.GetTempPath(), "recommender-bench", $"query-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Console.WriteLine(FormattableString.Invariant($"Publishing a random model: {movies:N0} movies, {users:N0} users, d={Dimensions} ..."));
        await SeedAsync(path, movies, users);

        if (args.Contains("--probe"))
        {
            var options = new DbContextOptionsBuilder<RecommenderDbContext>();
            options.UseRecommenderSqlite(path);
            await Probe("RatingStore.GetRatedMovieIds, new context each", async () =>
            {
                await using var db = new RecommenderDbContext(options.Options);
                return await new RatingStore(db).GetRatedMovieIdsAsync("u1", CancellationToken.None);
            });
            await using var shared = new RecommenderDbContext(options.Options);
            await Probe("RatingStore.GetRatedMovieIds, one context", () => new RatingStore(shared).GetRatedMovieIdsAsync("u1", CancellationToken.None));
            await Probe("raw SqliteConnection open + query", async () =>
            {
                await using var connection = new SqliteConnection(SqliteSetup.ConnectionStringFor(path));
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT m.ExternalId FROM Ratings r JOIN Movies m ON m.Id = r.MovieId WHERE r.UserId = (SELECT Id FROM Users WHERE ExternalId = 'u1')";
                await using var reader = await command.ExecuteReaderAsync();
                var n = 0;
                while (await reader.ReadAsync())
                {
                    n++;
                }

                return n;
            });
        }

        await using var server = InProcessServer.Start(path);
        var client = new RecommendationService.RecommendationServiceClient(server.Channel);
        for (var i = 0; i < 200; i++)
        {
            await client.RecommendForUserAsync(Request(i));
        }

        if (args.Contains("--probe"))
        {
            var health = new Grpc.Health.V1.Health.HealthClient(server.Channel);
            var ratings = new RatingService.RatingServiceClient(server.Channel);
            await Probe("Health.Check (no database)", () => health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest()).ResponseAsync);
            await Probe("PredictRatings (model only)", () => client.PredictRatingsAsync(new PredictRatingsRequest { UserId = "u1", MovieIds = { "m1" } }).ResponseAsync);
            await Probe("GetUserRatings (database only)", () => ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "u1" }).ResponseAsync);
            await Probe("RecommendForUser", () => client.RecommendForUserAsync(Request(1)).ResponseAsync);
        }

        var result = await MeasureLoadAsync(client, seconds);
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"| RecommendForUser through gRPC, {movies:N0} movies × {users:N0} users, d={Dimensions}, top-10 | p50 ms | p99 ms | queries/s |"));
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(FormattableString.Invariant($"| 1 client | {Percentile(result.Single, 50):F3} | {Percentile(result.Single, 99):F3} | {result.SingleQueriesPerSecond:N0} |"));
        Console.WriteLine(FormattableString.Invariant($"| 32 concurrent clients | {Percentile(result.Concurrent, 50):F3} | {Percentile(result.Concurrent, 99):F3} | {result.ConcurrentQueriesPerSecond:N0} |"));
        return 0;
    }

    /// <summary>Every call's latency in ms, one client then 32 concurrent clients, and the rates each phase reached.</summary>
    public sealed record QueryResult(int Movies, IReadOnlyList<double> Single, double SingleQueriesPerSecond, IReadOnlyList<double> Concurrent, double ConcurrentQueriesPerSecond)
    {
        public double SingleP50 => Percentile(Single, 50);

        public double SingleP99 => Percentile(Single, 99);
    }

    /// <summary>Publishes a random model of the given size in a fresh database, serves it, and measures RecommendForUser.</summary>
    public static async Task<QueryResult> MeasureAsync(int movies, int users, int seconds)
    {
        var path = Path.Combine(Path.GetTempPath(), "recommender-bench", $"query-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await SeedAsync(path, movies, users);
        QueryResult result;
        await using (var server = InProcessServer.Start(path))
        {
            var client = new RecommendationService.RecommendationServiceClient(server.Channel);
            for (var i = 0; i < 200; i++)
            {
                await client.RecommendForUserAsync(Request(i));
            }

            result = await MeasureLoadAsync(client, seconds);
        }

        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
        {
            File.Delete(file);
        }

        return result with { Movies = movies };
    }

    private static async Task<QueryResult> MeasureLoadAsync(RecommendationService.RecommendationServiceClient client, int seconds)
    {
        var single = new List<double>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; watch.Elapsed.TotalSeconds < seconds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.RecommendForUserAsync(Request(i));
            single.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var singleRate = single.Count / watch.Elapsed.TotalSeconds;
        var concurrent = new List<double>[32];
        watch.Restart();
        await Task.WhenAll(Enumerable.Range(0, concurrent.Length).Select(c => Task.Run(async () =>
        {
            concurrent[c] = [];
            for (var i = c; watch.Elapsed.TotalSeconds < seconds; i += concurrent.Length)
            {
                var started = Stopwatch.GetTimestamp();
                await client.RecommendForUserAsync(Request(i));
                concurrent[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = concurrent.SelectMany(c => c).ToList();
        return new QueryResult(0, single, singleRate, all, all.Count / watch.Elapsed.TotalSeconds);
    }

    private static async Task Probe<T>(string name, Func<Task<T>> call)
    {
        var times = new List<double>();
        for (var i = 0; i < 500; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine(FormattableString.Invariant($"  {name}: p50 {Percentile(times, 50):F3} ms, p99 {Percentile(times, 99):F3} ms"));
    }

    private static RecommendForUserRequest Request(int i) => new() { UserId = $"u{i * 7919 % QueriedUsers}", Limit = 10 };

    /// <summary>Writes the catalogue, some ratings and a random model straight into a migrated database.</summary>
    private static async Task SeedAsync(string path, int movies, int users)
    {
        var options = new DbContextOptionsBuilder<RecommenderDbContext>();
        options.UseRecommenderSqlite(path);
        await using var db = new RecommenderDbContext(options.Options);
        await DatabaseInitializer.InitializeAsync(db, CancellationToken.None);
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Insert(connection, "INSERT INTO Movies (Id, ExternalId, Title, Year, Genres) VALUES ($k, 'm' || $k, 'Movie ' || $k, 2000, '|Drama|')", movies);
            Insert(connection, "INSERT INTO Users (Id, ExternalId) VALUES ($k, 'u' || ($k - 1))", users);
            Insert(connection, $"INSERT INTO Ratings (UserId, MovieId, Value, RatedAt) VALUES ($k / {RatingsPerQueriedUser} + 1, ($k * 104729) % {movies} + 1, 4, 0) ON CONFLICT DO NOTHING", QueriedUsers * RatingsPerQueriedUser, start: 0);
            await transaction.CommitAsync();
        }

        var model = new FactorModel(
            3.5f,
            EmbeddingTable.Random(users, Dimensions, 0.1f, 1),
            EmbeddingTable.Random(movies, Dimensions, 0.1f, 2),
            EmbeddingTable.Random(users, 1, 0.1f, 3),
            EmbeddingTable.Random(movies, 1, 0.1f, 4));
        var header = new ModelHeader(0, Dimensions, QueriedUsers * RatingsPerQueriedUser, 0, 0, 0, 0, "sgd", "rating", "{}", DateTime.UtcNow);
        var stored = new StoredModel(
            header, model,
            Enumerable.Range(1, users).ToArray(), Enumerable.Range(0, users).Select(u => $"u{u}").ToArray(),
            Enumerable.Range(1, movies).ToArray(), Enumerable.Range(1, movies).Select(m => $"m{m}").ToArray());
        await new ModelStore(db).PublishAsync(stored, model.GlobalMean, CancellationToken.None);
    }

    private static void Insert(SqliteConnection connection, string sql, int count, int start = 1)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var key = command.Parameters.Add("$k", SqliteType.Integer);
        command.Prepare();
        for (var k = start; k < start + count; k++)
        {
            key.Value = k;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The nearest-rank percentile of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(percentile / 100 * sorted.Count))];
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
