using System.Diagnostics;
using System.Globalization;
using Recommender.Core.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// <c>tune &lt;ml-100k-dir&gt; key=value...</c>: validation RMSE of one setting, on 10% carved out of the base
/// parts of folds 1 and 2 (the test parts are never looked at), with the per-epoch curve.
/// </summary>
internal static class TuneReport
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = new TrainingOptions { Threads = 1 };
        foreach (var arg in args.Skip(1))
        {
            var (key, value) = (arg[..arg.IndexOf('=', StringComparison.Ordinal)], arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var inv = CultureInfo.InvariantCulture;
            options = key switch
            {
                "d" => options with { Dimensions = int.Parse(value, inv) },
                "epochs" => options with { Epochs = int.Parse(value, inv) },
                "lr" => options with { LearningRate = float.Parse(value, inv) },
                "decay" => options with { LearningRateDecay = float.Parse(value, inv) },
                "reg" => options with { Regularization = float.Parse(value, inv) },
                "breg" => options with { BiasRegularization = float.Parse(value, inv) },
                "opt" => options with { Optimizer = TrainingOptions.ParseOptimizer(value) },
                "batch" => options with { BatchSize = int.Parse(value, inv) },
                "std" => options with { InitStd = float.Parse(value, inv) },
                "threads" => options with { Threads = int.Parse(value, inv) },
                "fused" => options with { FusedUpdates = bool.Parse(value) },
                _ => throw new ArgumentException($"unknown key {key}"),
            };
        }

        var total = 0.0;
        var watch = Stopwatch.StartNew();
        var curves = new List<double[]>();
        foreach (var fold in new[] { 1, 2 })
        {
            var (trainAll, _) = MovieLensFolds.Load(args[0], fold);
            var (train, validation) = trainAll.Split(0.1, 1234);
            var curve = new double[options.Epochs];
            var model = MatrixFactorizationTrainer.Train(train, validation, options, e => curve[e.Epoch - 1] = e.ValidationRmse);
            total += RatingErrors.Measure(model, validation, 1f, 5f).Rmse;
            curves.Add(curve);
        }

        var best = Enumerable.Range(0, options.Epochs).MinBy(i => curves[0][i] + curves[1][i]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(' ', args.Skip(1))}: val RMSE {total / 2:F4} (best epoch {best + 1}: {(curves[0][best] + curves[1][best]) / 2:F4}) {watch.Elapsed.TotalSeconds:F1}s"));
        return Task.FromResult(0);
    }
}
