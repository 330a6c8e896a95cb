using System.Diagnostics;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Benchmarks.EndToEnd;

/// <summary>
/// <c>load [--seconds 60] [--clients 32] [--data ../shared/data/ml-100k] [--synchronous Full|Normal]</c>: the real server
/// process on loopback with MovieLens 100K and a trained model; N clients mix 90%
/// RecommendForUser and 10% AddRating for the given time while training runs back to back;
/// then the server is SIGKILLed, restarted, and every acknowledged rating is looked up.
/// Stops by itself.
/// </summary>
internal static class LoadReport
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Latencies.IntOption(args, "--seconds", 60);
        var clients = Latencies.IntOption(args, "--clients", 32);
        var data = Latencies.StringOption(args, "--data", "../shared/data/ml-100k");
        var synchronous = Latencies.StringOption(args, "--synchronous", "Full");
        var path = Path.Combine(Path.GetTempPath(), "recommender-bench", $"load-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var settings = new Dictionary<string, string> { ["Recommender:Synchronous"] = synchronous };
        await using var server = await ServerProcess.StartAsync(path, settings);
        Console.WriteLine($"Server pid {server.ProcessId} at {server.Address}, database {path}, synchronous={synchronous}");
        var users = await MovieLensLoader.LoadAsync(server, data);
        var movies = MovieLensLoader.MovieIds(data);
        Console.WriteLine($"Loaded {movies.Length:N0} movies and the ratings of {users.Length:N0} users; training the first model ...");
        var firstRun = await TrainOnceAsync(server);
        Console.WriteLine($"First model: {firstRun}");

        var recommend = new Latencies();
        var add = new Latencies();
        var errors = new List<string>();
        // Each client writes only its own users' ratings, so the latest acknowledged value of a pair is known.
        var acknowledged = new Dictionary<(string User, string Movie), float>[clients];
        var peakWorkingSet = 0L;
        var trainingRuns = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakWorkingSet = Math.Max(peakWorkingSet, server.WorkingSetBytes());
                await Task.Delay(200);
            }
        });
        var trainer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var outcome = await TrainOnceAsync(server);
                lock (trainingRuns)
                {
                    trainingRuns.Add(outcome);
                }
            }
        });
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            acknowledged[c] = [];
            var random = new Random(c);
            var own = users.Where((_, i) => i % clients == c).ToArray();
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (random.Next(10) == 0 && own.Length > 0)
                    {
                        var pair = (own[random.Next(own.Length)], movies[random.Next(movies.Length)]);
                        var value = 0.5f + (random.Next(10) * 0.5f);
                        await server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = pair.Item1, MovieId = pair.Item2, Value = value });
                        add.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        acknowledged[c][pair] = value;
                    }
                    else
                    {
                        await server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = users[random.Next(users.Length)], Limit = 10 });
                        recommend.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (RpcException ex)
                {
                    lock (errors)
                    {
                        errors.Add(ex.Status.ToString());
                    }
                }
            }
        })));
        var elapsed = watch.Elapsed.TotalSeconds;
        await sampler;

        // Kill it while the next training run is going: nothing acknowledged may be lost.
        var runningAtKill = (await server.Models.GetModelAsync(new GetModelRequest())).LastTrainingState;
        await server.KillAsync();
        await trainer.ContinueWith(_ => { }, TaskScheduler.Default);
        SqliteConnection.ClearAllPools();
        var expected = acknowledged.SelectMany(a => a).ToList();
        await using var restarted = await ServerProcess.StartAsync(path, settings);
        var model = await restarted.Models.GetModelAsync(new GetModelRequest());
        var stored = await ReadRatingsAsync(path);
        var lost = expected.Count(e => !stored.TryGetValue(e.Key, out var value) || value != e.Value);

        Console.WriteLine();
        Console.WriteLine($"| load: {clients} clients, {elapsed:F0} s, ml-100k, training back to back, synchronous={synchronous} | value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| queries/s (all RPCs) | {(recommend.Count + add.Count) / elapsed:N0} |");
        Console.WriteLine($"| RecommendForUser: calls, p50 / p99 ms | {recommend.Count:N0}, {recommend.Percentile(50):F2} / {recommend.Percentile(99):F2} |");
        Console.WriteLine($"| AddRating: calls, p50 / p99 ms | {add.Count:N0}, {add.Percentile(50):F2} / {add.Percentile(99):F2} |");
        Console.WriteLine($"| errors | {errors.Count} |");
        Console.WriteLine($"| training runs finished during the load | {trainingRuns.Count} |");
        Console.WriteLine($"| peak server working set | {peakWorkingSet / (1024.0 * 1024):N0} MiB |");
        Console.WriteLine($"| SIGKILL with the last run {runningAtKill}; after restart: model {model.ModelVersion}, last run {model.LastTrainingState} | |");
        Console.WriteLine($"| acknowledged AddRating pairs checked / lost after SIGKILL + restart | {expected.Count:N0} / {lost} |");
        foreach (var error in errors.GroupBy(e => e).Take(5))
        {
            Console.WriteLine($"  error x{error.Count()}: {error.Key}");
        }

        return errors.Count == 0 && lost == 0 ? 0 : 1;
    }

    /// <summary>One training run with the server's defaults; returns how it ended.</summary>
    private static async Task<string> TrainOnceAsync(ServerProcess server)
    {
        try
        {
            using var call = server.Models.Train(new TrainRequest());
            TrainingProgress? last = null;
            await foreach (var progress in call.ResponseStream.ReadAllAsync())
            {
                last = progress;
            }

            return last is null ? "no progress" : $"{last.State}, model {last.ModelVersion}, validation RMSE {last.ValidationRmse:F4}";
        }
        catch (RpcException ex)
        {
            return $"stream ended: {ex.StatusCode}";
        }
    }

    private static async Task<Dictionary<(string User, string Movie), float>> ReadRatingsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
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
