using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Recommender.Core.Data;
using Recommender.Core.Embeddings;
using Recommender.Core.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// <c>rank &lt;ml-100k-dir&gt; [--folds 1,2,3,4,5] [--epochs N] [--lr X] [--reg X] [--neg N] [--weight X] [--dim N]</c>:
/// P/R/NDCG/MAP@10 on the u1–u5 folds (relevant = test rating ≥ 4, candidates = movies unrated in train) for the
/// BPR ranking model, the rating model (server defaults) and popularity, plus BPR training ratings/s and the
/// calibrated ranking model's test RMSE.
/// </summary>
internal static class RankReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: rank <ml-100k-dir> [--folds 1,2,3,4,5] [--skip-rating] [--epochs N] [--lr X] [--reg X] [--neg N] [--weight X] [--dim N]");
            return Task.FromResult(2);
        }

        var directory = args[0];
        var defaults = new BprOptions { Threads = 2 };
        var options = defaults with
        {
            Epochs = (int)Option(args, "--epochs", defaults.Epochs),
            LearningRate = (float)Option(args, "--lr", defaults.LearningRate),
            Regularization = (float)Option(args, "--reg", defaults.Regularization),
            BiasRegularization = (float)Option(args, "--bias-reg", defaults.BiasRegularization),
            NegativesPerPositive = (int)Option(args, "--neg", defaults.NegativesPerPositive),
            RatingWeight = (float)Option(args, "--weight", defaults.RatingWeight),
            Dimensions = (int)Option(args, "--dim", defaults.Dimensions),
            InitStd = (float)Option(args, "--std", defaults.InitStd),
        };
        var folds = Value(args, "--folds")?.Split(',').Select(f => int.Parse(f, s_inv)).ToArray() ?? [1, 2, 3, 4, 5];
        var skipRating = args.Contains("--skip-rating");
        var ratingOptions = new TrainingOptions { Threads = 2 };

        Console.WriteLine($"# Ranking report ({DateTime.UtcNow.ToString("u", s_inv)}, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
        Console.WriteLine();
        Console.WriteLine(string.Create(s_inv, $"BPR: d={options.Dimensions}, epochs={options.Epochs}, lr={options.LearningRate}, reg={options.Regularization}, bias reg={options.BiasRegularization}, negatives={options.NegativesPerPositive}, rating weight={options.RatingWeight}, init std={options.InitStd}, {options.Optimizer}, threads=2 (Hogwild). Rating model: server defaults, threads=2."));
        Console.WriteLine();
        Console.WriteLine("| fold | model | P@10 | R@10 | NDCG@10 | MAP@10 | RMSE | train s | ratings/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var rows = Measure(directory, folds, options, skipRating ? null : ratingOptions, Print);
        foreach (var mean in Means(rows))
        {
            Console.WriteLine(string.Create(s_inv, $"| mean | {mean.Model} | {mean.Metrics.Precision:F4} | {mean.Metrics.Recall:F4} | {mean.Metrics.Ndcg:F4} | {mean.Metrics.Map:F4} | {mean.Rmse:F4} | {mean.Seconds:F1} | {mean.RatingsPerSecond:N0} |"));
        }

        return Task.FromResult(0);
    }

    /// <summary>One model's ranking metrics on one fold (Fold 0: the mean over folds), with its test RMSE and training speed (NaN for popularity).</summary>
    public sealed record RankRow(int Fold, string Model, TopKMetrics.Result Metrics, double Rmse, double Seconds, double RatingsPerSecond);

    /// <summary>
    /// Trains and evaluates, on each of <paramref name="folds"/>: the BPR ranking model (calibrated), the rating model
    /// when <paramref name="ratingOptions"/> is given, and popularity. <paramref name="onRow"/> sees each row as it is measured.
    /// </summary>
    public static IReadOnlyList<RankRow> Measure(string directory, IReadOnlyList<int> folds, BprOptions options, TrainingOptions? ratingOptions, Action<RankRow>? onRow = null)
    {
        var rows = new List<RankRow>();
        void Add(RankRow row)
        {
            rows.Add(row);
            onRow?.Invoke(row);
        }

        foreach (var fold in folds)
        {
            var (train, test) = MovieLensFolds.Load(directory, fold);
            var movies = train.MovieCount;

            var watch = Stopwatch.StartNew();
            var raw = BprTrainer.Train(train, null, options);
            watch.Stop();
            var calibrated = RatingCalibration.Fit(raw, train).ApplyTo(raw);
            var bprRate = train.Count * (double)options.Epochs / watch.Elapsed.TotalSeconds;
            Add(new RankRow(fold, RankingModel, TopKMetrics.Evaluate(train, test, movies, RankingScorer(calibrated)),
                RatingErrors.Measure(calibrated, test, 1f, 5f).Rmse, watch.Elapsed.TotalSeconds, bprRate));

            if (ratingOptions is not null)
            {
                watch.Restart();
                var rating = MatrixFactorizationTrainer.Train(train, null, ratingOptions);
                watch.Stop();
                Add(new RankRow(fold, RatingModel, TopKMetrics.Evaluate(train, test, movies, RankingScorer(rating)),
                    RatingErrors.Measure(rating, test, 1f, 5f).Rmse, watch.Elapsed.TotalSeconds, train.Count * (double)ratingOptions.Epochs / watch.Elapsed.TotalSeconds));
            }

            var counts = new float[movies];
            foreach (var m in train.Movies)
            {
                counts[m]++;
            }

            Add(new RankRow(fold, Popularity, TopKMetrics.Evaluate(train, test, movies, (_, scores) => counts.CopyTo(scores)), double.NaN, double.NaN, double.NaN));
        }

        return rows;
    }

    /// <summary>The mean over folds of each model's rows, in first-seen order.</summary>
    public static IReadOnlyList<RankRow> Means(IReadOnlyList<RankRow> rows) =>
        rows.GroupBy(r => r.Model).Select(g => new RankRow(0, g.Key,
            new TopKMetrics.Result(g.Average(r => r.Metrics.Precision), g.Average(r => r.Metrics.Recall), g.Average(r => r.Metrics.Ndcg), g.Average(r => r.Metrics.Map), (int)g.Average(r => r.Metrics.Users)),
            g.Average(r => r.Rmse), g.Average(r => r.Seconds), g.Average(r => r.RatingsPerSecond))).ToList();

    public const string RankingModel = "ranking (BPR)";

    public const string RatingModel = "rating (MF)";

    public const string Popularity = "popularity";

    private static void Print(RankRow r) => Console.WriteLine(string.Create(s_inv,
        $"| u{r.Fold} | {r.Model} | {r.Metrics.Precision:F4} | {r.Metrics.Recall:F4} | {r.Metrics.Ndcg:F4} | {r.Metrics.Map:F4} | {r.Rmse:F4} | {r.Seconds:F1} | {r.RatingsPerSecond:N0} |"));

    /// <summary>Ranks by b_m + p_u·q_m, the order the MIPS index serves (μ and b_u are constant per user).</summary>
    private static TopKMetrics.Scorer RankingScorer(FactorModel model) => (user, scores) =>
    {
        var pu = (ReadOnlySpan<float>)model.UserFactors.Row(user);
        for (var m = 0; m < scores.Length; m++)
        {
            scores[m] = model.MovieBias.Row(m)[0] + TensorPrimitives.Dot(pu, model.MovieFactors.Row(m));
        }
    };

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static double Option(string[] args, string name, double fallback) =>
        Value(args, name) is { } text ? double.Parse(text, s_inv) : fallback;
}
