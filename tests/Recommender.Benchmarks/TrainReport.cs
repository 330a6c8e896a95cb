using System.Diagnostics;
using System.Globalization;
using Recommender.Core.Data;
using Recommender.Core.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// <c>train &lt;ml-100k-dir&gt;</c>: 5-fold RMSE/MAE on u1..u5 with the default options and 2 threads, and training
/// throughput on a 5M-rating synthetic set (d=64, 10 epochs, 2 threads) for each optimizer and parallel strategy.
/// </summary>
internal static class TrainReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: train <ml-100k-dir> [--skip-synthetic] [--skip-folds] [--quick]");
            return Task.FromResult(2);
        }

        var directory = args[0];
        var options = new TrainingOptions { Threads = 2 };
        Console.WriteLine($"# Training report ({DateTime.UtcNow.ToString("u", s_inv)}, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
        Console.WriteLine();
        if (!args.Contains("--skip-folds"))
        {
            Folds(directory, options);
        }

        if (!args.Contains("--skip-synthetic"))
        {
            Throughput(args.Contains("--quick"));
        }

        return Task.FromResult(0);
    }

    private static void Folds(string directory, TrainingOptions options)
    {
        Console.WriteLine(string.Create(s_inv, $"## ml-100k 5-fold (defaults: d={options.Dimensions}, epochs={options.Epochs}, lr={options.LearningRate}, decay={options.LearningRateDecay}, reg={options.Regularization}, bias reg={options.BiasRegularization}, {options.Optimizer}, batch={options.BatchSize}, init std={options.InitStd}, threads=2, {options.Parallelism})"));
        Console.WriteLine();
        Console.WriteLine("| fold | RMSE | MAE | train s | ratings/s |");
        Console.WriteLine("|---|---|---|---|---|");
        double rmseSum = 0, maeSum = 0, secondsSum = 0, rateSum = 0;
        for (var fold = 1; fold <= 5; fold++)
        {
            var (train, test) = MovieLensFolds.Load(directory, fold);
            var watch = Stopwatch.StartNew();
            var model = MatrixFactorizationTrainer.Train(train, null, options);
            watch.Stop();
            var (rmse, mae) = RatingErrors.Measure(model, test, 1f, 5f);
            var rate = (double)train.Count * options.Epochs / watch.Elapsed.TotalSeconds;
            rmseSum += rmse;
            maeSum += mae;
            secondsSum += watch.Elapsed.TotalSeconds;
            rateSum += rate;
            Console.WriteLine(string.Create(s_inv, $"| u{fold} | {rmse:F4} | {mae:F4} | {watch.Elapsed.TotalSeconds:F2} | {rate:N0} |"));
        }

        Console.WriteLine(string.Create(s_inv, $"| mean | {rmseSum / 5:F4} | {maeSum / 5:F4} | {secondsSum / 5:F2} | {rateSum / 5:N0} |"));
        Console.WriteLine();
    }

    private static void Throughput(bool quick)
    {
        const int count = 5_000_000;
        const int epochs = 10;
        var data = SyntheticRatings.Create(count, 100_000, 20_000, 7);
        Console.WriteLine($"## Throughput: synthetic {count:N0} ratings (100,000 users × 20,000 movies), d=64, {epochs} epochs, 2 threads, median of 3");
        Console.WriteLine();
        Console.WriteLine("| optimizer | batch | path | parallelism | ratings/s (wall, Train call) | ratings/s (optimisation only) | train RMSE (last epoch) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var cases = new List<(OptimizerKind Optimizer, int Batch, ParallelStrategy Parallelism)>
        {
            (OptimizerKind.Sgd, 1, ParallelStrategy.Partitioned),
            (OptimizerKind.Sgd, 1, ParallelStrategy.Hogwild),
            (OptimizerKind.Sgd, 256, ParallelStrategy.Partitioned),
        };
        if (!quick)
        {
            cases.Add((OptimizerKind.Sgd, 256, ParallelStrategy.Hogwild));
            cases.Add((OptimizerKind.Adagrad, 256, ParallelStrategy.Hogwild));
            cases.Add((OptimizerKind.SparseAdam, 256, ParallelStrategy.Hogwild));
        }

        foreach (var (optimizer, batch, parallelism) in cases)
        {
            {
                var options = new TrainingOptions
                {
                    Dimensions = 64,
                    Epochs = epochs,
                    Threads = 2,
                    Optimizer = optimizer,
                    Parallelism = parallelism,
                    BatchSize = batch,
                    LearningRate = optimizer == OptimizerKind.Sgd ? 0.01f : optimizer == OptimizerKind.Adagrad ? 0.05f : 0.005f,
                };
                var wall = new double[3];
                var optimisation = new double[3];
                var lastRmse = 0.0;
                for (var run = 0; run < 3; run++)
                {
                    var optimisationSeconds = 0.0;
                    var watch = Stopwatch.StartNew();
                    MatrixFactorizationTrainer.Train(data, null, options, e =>
                    {
                        optimisationSeconds += count / e.RatingsPerSecond;
                        lastRmse = e.TrainRmse;
                    });
                    watch.Stop();
                    wall[run] = (double)count * epochs / watch.Elapsed.TotalSeconds;
                    optimisation[run] = count * epochs / optimisationSeconds;
                }

                Array.Sort(wall);
                Array.Sort(optimisation);
                Console.WriteLine(string.Create(s_inv, $"| {optimizer} | {batch} | {(options.UsesFusedUpdates ? "fused" : "sparse gradient")} | {parallelism} | {wall[1]:N0} | {optimisation[1]:N0} | {lastRmse:F4} |"));
            }
        }

        Console.WriteLine();
    }
}
