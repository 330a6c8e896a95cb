using System.Globalization;
using Recommender.Core.Training;

namespace Recommender.Benchmarks.Report;

/// <summary>Validation RMSE per epoch on ml-100k u1 (trained on u1.base, measured on u1.test) for each sparse optimizer.</summary>
internal static class OptimizerCurves
{
    public sealed record Curve(string Label, string Options, IReadOnlyList<double> Rmse);

    public static IReadOnlyList<Curve> Measure(string movieLens, bool quick)
    {
        var (train, test) = MovieLensFolds.Load(movieLens, 1);
        var epochs = quick ? 10 : 60;

        // SGD is the server's default configuration; Adagrad and SparseAdam take mini-batches of 256 (the sparse-gradient
        // path, one optimizer step per batch) at d=64 with the step sizes the throughput report uses for them.
        var cases = new List<(string Label, TrainingOptions Options)>
        {
            ("sgd (server defaults)", new TrainingOptions { Threads = 2, Epochs = epochs }),
            ("adagrad", new TrainingOptions { Threads = 2, Epochs = epochs, Optimizer = OptimizerKind.Adagrad, BatchSize = 256, Dimensions = 64, LearningRate = 0.05f, LearningRateDecay = 1f, InitStd = 0.1f }),
            ("sparse_adam", new TrainingOptions { Threads = 2, Epochs = epochs, Optimizer = OptimizerKind.SparseAdam, BatchSize = 256, Dimensions = 64, LearningRate = 0.005f, LearningRateDecay = 1f, InitStd = 0.1f }),
        };

        var curves = new List<Curve>();
        foreach (var (label, options) in cases)
        {
            var rmse = new List<double>();
            MatrixFactorizationTrainer.Train(train, test, options, e => rmse.Add(e.ValidationRmse));
            curves.Add(new Curve(label, Describe(options), rmse));
        }

        return curves;
    }

    private static string Describe(TrainingOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"d={o.Dimensions}, {o.Epochs} epochs, lr {o.LearningRate} (decay {o.LearningRateDecay}), reg {o.Regularization}, batch {o.BatchSize}, init std {o.InitStd}, 2 threads");
}
