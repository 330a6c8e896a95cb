using System.Diagnostics;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Benchmarks.EndToEnd;

/// <summary>
/// <c>durability [--calls 2000]</c>: AddRating latency through gRPC against the real server process
/// with <c>Recommender:Synchronous=Normal</c> and then <c>Full</c> (an fsync per commit), one client
/// and then 8 concurrent clients, on a fresh database with a trained model (so each call also
/// refits and writes the user's row). The cost of making an acknowledged rating survive power loss.
/// </summary>
internal static class DurabilityReport
{
    private const int Movies = 500;
    private const int Users = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Latencies.IntOption(args, "--calls", 2000);
        Console.WriteLine($"| AddRating, {calls:N0} calls per row | p50 ms | p99 ms | calls/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var mode in new[] { "Normal", "Full" })
        {
            var path = Path.Combine(Path.GetTempPath(), "recommender-bench", $"durability-{mode}-{Guid.NewGuid():N}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var server = await ServerProcess.StartAsync(path, new Dictionary<string, string> { ["Recommender:Synchronous"] = mode });
            await SeedAsync(server);
            foreach (var clients in new[] { 1, 8 })
            {
                var latencies = new Latencies();
                var watch = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
                {
                    for (var i = c; i < calls; i += clients)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = $"u{i % Users}", MovieId = $"m{i * 7 % Movies}", Value = 0.5f + (i % 10 * 0.5f) });
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                })));
                Console.WriteLine($"| synchronous={mode.ToUpperInvariant()}, {clients} client(s) | {latencies.Percentile(50):F2} | {latencies.Percentile(99):F2} | {calls / watch.Elapsed.TotalSeconds:N0} |");
            }
        }

        return 0;
    }

    private static async Task SeedAsync(ServerProcess server)
    {
        var movies = new UpsertMoviesRequest();
        for (var m = 0; m < Movies; m++)
        {
            movies.Movies.Add(new Movie { MovieId = $"m{m}", Title = $"Movie {m}" });
        }

        await server.Catalog.UpsertMoviesAsync(movies);
        using var ingest = server.Ratings.IngestRatings();
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            await ingest.RequestStream.WriteAsync(new Rating { UserId = $"u{random.Next(Users)}", MovieId = $"m{random.Next(Movies)}", Value = 1 + random.Next(5) });
        }

        await ingest.RequestStream.CompleteAsync();
        await ingest.ResponseAsync;
        using var train = server.Models.Train(new TrainRequest { Dimensions = 64, Epochs = 10 });
        while (await train.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }
}
