using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;

namespace Recommender.Benchmarks.EndToEnd;

/// <summary>
/// <c>ingest [--rows N] [--runs R]</c>: streams N synthetic ratings through IngestRatings into a
/// fresh database, R times, and loads the same rows with the sqlite3 CLI's <c>.import</c>
/// into an equivalent table (same key) as the reference.
/// </summary>
internal static class IngestReport
{
    private const int Users = 20_000;
    private const int Movies = 4_000;

    /// <summary>Every run's ratings/s per path; <see cref="Import"/> is empty when the sqlite3 CLI is missing.</summary>
    public sealed record IngestResult(int Rows, IReadOnlyList<double> Stream, IReadOnlyList<double> Batched, IReadOnlyList<double> StoreOnly, IReadOnlyList<double> Import)
    {
        public double StreamMedian => Median(Stream);

        public double BatchedMedian => Median(Batched);

        public double ImportMedian => Median(Import);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = IntOption(args, "--rows", 1_000_000);
        var runs = IntOption(args, "--runs", 3);
        var result = await MeasureAsync(rows, runs, includeStoreOnly: true);

        Console.WriteLine();
        Console.WriteLine("| ingest of " + rows.ToString("N0", CultureInfo.InvariantCulture) + " ratings | median ratings/s | runs |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine(FormattableString.Invariant($"| IngestRatings over gRPC (client stream, in-process Kestrel) | {result.StreamMedian:N0} | {Runs(result.Stream)} |"));
        Console.WriteLine(FormattableString.Invariant($"| IngestRatingBatches over gRPC (1,000 ratings per message) | {result.BatchedMedian:N0} | {Runs(result.Batched)} |"));
        Console.WriteLine(FormattableString.Invariant($"| RatingStore.IngestAsync alone (no gRPC) | {Median(result.StoreOnly):N0} | {Runs(result.StoreOnly)} |"));
        if (result.Import.Count > 0)
        {
            Console.WriteLine(FormattableString.Invariant($"| sqlite3 CLI `.import` (same key) | {result.ImportMedian:N0} | {Runs(result.Import)} |"));
            Console.WriteLine(FormattableString.Invariant($"| ratio IngestRatings / .import | {result.StreamMedian / result.ImportMedian:P0} | |"));
            Console.WriteLine(FormattableString.Invariant($"| ratio IngestRatingBatches / .import | {result.BatchedMedian / result.ImportMedian:P0} | |"));
        }

        return 0;
    }

    /// <summary>
    /// Streams <paramref name="rows"/> synthetic ratings through IngestRatings (and IngestRatingBatches) into a fresh
    /// database <paramref name="runs"/> times, and loads the same rows with sqlite3 <c>.import</c>; progress goes to the console.
    /// With a <paramref name="budget"/>, each path stops after the run that exceeds it (at least one run each), so a
    /// loaded machine cannot stretch the report without bound.
    /// </summary>
    public static async Task<IngestResult> MeasureAsync(int rows, int runs, bool includeStoreOnly, TimeSpan? budget = null)
    {
        var limit = budget ?? TimeSpan.MaxValue;
        var folder = Path.Combine(Path.GetTempPath(), "recommender-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ratings = Synthetic(rows).ToArray();

        var storeRates = new List<double>();
        for (var run = 0; includeStoreOnly && run < runs; run++)
        {
            storeRates.Add(await StoreOnlyAsync(Path.Combine(folder, $"store-{run}.db"), ratings));
            Console.WriteLine(FormattableString.Invariant($"  RatingStore.IngestAsync run {run + 1}: {storeRates[^1]:N0} ratings/s"));
        }

        var grpcRates = new List<double>();
        var spent = Stopwatch.StartNew();
        for (var run = 0; run < runs && (run == 0 || spent.Elapsed < limit); run++)
        {
            grpcRates.Add(await IngestThroughGrpcAsync(Path.Combine(folder, $"grpc-{run}.db"), ratings));
            Console.WriteLine(FormattableString.Invariant($"  gRPC run {run + 1}: {grpcRates[^1]:N0} ratings/s"));
        }

        var batchedRates = new List<double>();
        spent.Restart();
        for (var run = 0; run < runs && (run == 0 || spent.Elapsed < limit); run++)
        {
            batchedRates.Add(await IngestBatchesThroughGrpcAsync(Path.Combine(folder, $"grpc-batched-{run}.db"), ratings));
            Console.WriteLine(FormattableString.Invariant($"  gRPC batched run {run + 1}: {batchedRates[^1]:N0} ratings/s"));
        }

        var csv = Path.Combine(folder, "ratings.csv");
        await File.WriteAllLinesAsync(csv, Enumerable.Range(0, rows).Select(i => Row(i, ratings[i])));
        var importRates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var rate = ImportWithSqlite3(Path.Combine(folder, $"import-{run}.db"), csv, rows);
            if (rate is null)
            {
                Console.WriteLine("  sqlite3 not found: apt-get install sqlite3 for the reference figure");
                break;
            }

            importRates.Add(rate.Value);
            Console.WriteLine(FormattableString.Invariant($"  sqlite3 .import run {run + 1}: {rate:N0} ratings/s"));
        }

        Directory.Delete(folder, recursive: true);
        return new IngestResult(rows, grpcRates, batchedRates, storeRates, importRates);
    }

    private static string Runs(IReadOnlyList<double> rates) => string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)));

    private static async Task<InProcessServer> StartWithCatalogueAsync(string databasePath)
    {
        var server = InProcessServer.Start(databasePath);
        var movies = new UpsertMoviesRequest();
        movies.Movies.Add(Enumerable.Range(0, Movies).Select(m => new Movie { MovieId = $"m{m}", Title = $"Movie {m}", Year = 2000 }));
        await new CatalogService.CatalogServiceClient(server.Channel).UpsertMoviesAsync(movies);
        return server;
    }

    private static async Task<double> IngestBatchesThroughGrpcAsync(string databasePath, Rating[] ratings)
    {
        await using var server = await StartWithCatalogueAsync(databasePath);

        var client = new RatingService.RatingServiceClient(server.Channel);
        var watch = Stopwatch.StartNew();
        using var call = client.IngestRatingBatches();
        foreach (var chunk in ratings.Chunk(1000))
        {
            await call.RequestStream.WriteAsync(new IngestRatingBatchesRequest { Ratings = { chunk } });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        watch.Stop();
        return response.Accepted == ratings.Length
            ? ratings.Length / watch.Elapsed.TotalSeconds
            : throw new InvalidOperationException($"accepted {response.Accepted} of {ratings.Length}");
    }

    private static async Task<double> IngestThroughGrpcAsync(string databasePath, Rating[] ratings)
    {
        await using var server = await StartWithCatalogueAsync(databasePath);

        var client = new RatingService.RatingServiceClient(server.Channel);
        var watch = Stopwatch.StartNew();
        using var call = client.IngestRatings();

        // BufferHint lets the client coalesce messages into fewer HTTP/2 frames and flushes.
        call.RequestStream.WriteOptions = new Grpc.Core.WriteOptions(Grpc.Core.WriteFlags.BufferHint);
        foreach (var rating in ratings)
        {
            await call.RequestStream.WriteAsync(rating);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        watch.Stop();
        if (response.Accepted != ratings.Length)
        {
            throw new InvalidOperationException($"accepted {response.Accepted} of {ratings.Length}");
        }

        return ratings.Length / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The store phase alone: the same rows as a validated batch, written by the server's code.</summary>
    private static async Task<double> StoreOnlyAsync(string databasePath, Rating[] ratings)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Recommender.Data.RecommenderDbContext>();
        Recommender.Data.SqliteSetup.UseRecommenderSqlite(options, databasePath);
        await using var db = new Recommender.Data.RecommenderDbContext(options.Options);
        await Recommender.Data.DatabaseInitializer.InitializeAsync(db, CancellationToken.None);
        await new Recommender.Data.CatalogStore(db).UpsertAsync(
            Enumerable.Range(0, Movies).Select(m => new Recommender.Data.MovieRecord($"m{m}", $"Movie {m}", 2000, [])).ToList(), CancellationToken.None);
        var batch = new Recommender.Data.RatingBatch();
        foreach (var rating in ratings)
        {
            batch.Add(rating.UserId, rating.MovieId, rating.Value, rating.RatedAt.Seconds * 1000);
        }

        var watch = Stopwatch.StartNew();
        await new Recommender.Data.RatingStore(db).IngestAsync(batch, CancellationToken.None);
        return ratings.Length / watch.Elapsed.TotalSeconds;
    }

    private static double? ImportWithSqlite3(string databasePath, string csv, int rows)
    {
        const string Schema =
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; " +
            "CREATE TABLE Ratings (UserId INTEGER NOT NULL, MovieId INTEGER NOT NULL, Value REAL NOT NULL, RatedAt INTEGER NOT NULL, PRIMARY KEY (UserId, MovieId));";
        if (Run("sqlite3", $"\"{databasePath}\" \"{Schema}\"") is null)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        Run("sqlite3", $"\"{databasePath}\" -cmd \"PRAGMA cache_size=-65536\" -cmd \".mode csv\" \".import '{csv}' Ratings\"");
        return rows / watch.Elapsed.TotalSeconds;
    }

    private static string? Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static IEnumerable<Rating> Synthetic(int rows)
    {
        var random = new Random(42);
        var seen = new HashSet<long>();
        while (seen.Count < rows)
        {
            var user = random.Next(Users);
            var movie = random.Next(Movies);
            if (seen.Add(((long)user << 32) | (uint)movie))
            {
                yield return new Rating
                {
                    UserId = $"u{user}",
                    MovieId = $"m{movie}",
                    Value = 0.5f + (random.Next(10) * 0.5f),
                    RatedAt = new Timestamp { Seconds = 1_000_000_000 + random.Next(100_000_000) },
                };
            }
        }
    }

    private static string Row(int index, Rating rating) => string.Create(
        CultureInfo.InvariantCulture,
        $"{rating.UserId.AsSpan(1)},{rating.MovieId.AsSpan(1)},{rating.Value},{rating.RatedAt.Seconds * 1000}");

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
