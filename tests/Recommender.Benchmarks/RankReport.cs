using System.Diagnostics;
using System.Globalization;
using Recommender.Core.Evaluation;
using Recommender.Core.Training;

namespace Recommender.Benchmarks;

/// <summary>
/// <c>rank &lt;ml-100k-dir&gt; [--folds 1,2,3,4,5] [--epochs N] [--lr X] [--reg X] [--neg N] [--weight X] [--dim N]</c>:
/// P/R/NDCG/MAP@10 on the u1–u5 folds (relevant = test rating ≥ 4, candidates = movies unrated in train) for the
/// BPR ranking model, the rating model (server defaults) and popularity, plus training ratings/s and test RMSE
/// (the ranking model's through its calibration, fitted on a held-out 5% of train as the server does).
/// </summary>
internal static class RankReport
{
    public const string RankingModel = "ranking (BPR)";

    public const string RatingModel = "rating (MF)";

    public const string Popularity = "popularity";

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;
    private static readonly RankingOptions s_ranking = new() { Threads = 2 };

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
            PositiveThreshold = (float)Option(args, "--threshold", defaults.PositiveThreshold),
        };
        var folds = Value(args, "--folds")?.Split(',').Select(f => int.Parse(f, s_inv)).ToArray() ?? [1, 2, 3, 4, 5];
        var skipRating = args.Contains("--skip-rating");
        var ratingOptions = new TrainingOptions { Threads = 2 };

        Console.WriteLine($"# Ranking report ({DateTime.UtcNow.ToString("u", s_inv)}, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
        Console.WriteLine();
        Console.WriteLine(string.Create(s_inv, $"BPR: d={options.Dimensions}, epochs={options.Epochs}, lr={options.LearningRate}, reg={options.Regularization}, bias reg={options.BiasRegularization}, negatives={options.NegativesPerPositive}, rating weight={options.RatingWeight}, init std={options.InitStd}, positive threshold={options.PositiveThreshold}, {options.Optimizer}, threads=2 (Hogwild). Rating model: server defaults, threads=2."));
        Console.WriteLine();
        Console.WriteLine("| fold | model | P@10 | R@10 | NDCG@10 | MAP@10 | RMSE | train s | ratings/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var rows = Measure(directory, folds, options, skipRating ? null : ratingOptions, r => Print(r.Fold.ToString(s_inv), r));
        foreach (var mean in Means(rows))
        {
            Print("mean", mean);
        }

        return Task.FromResult(0);
    }

    /// <summary>One model's ranking metrics on one fold (Fold 0: the mean over folds), its test RMSE and training speed (NaN for popularity).</summary>
    public sealed record RankRow(int Fold, string Model, double Precision, double Recall, double Ndcg, double Map, double Rmse, double Seconds, double RatingsPerSecond);

    /// <summary>
    /// Trains and evaluates, on each of <paramref name="folds"/>: the calibrated BPR ranking model, the rating model when
    /// <paramref name="ratingOptions"/> is given, and popularity. <paramref name="onRow"/> sees each row as it is measured.
    /// </summary>
    public static IReadOnlyList<RankRow> Measure(string directory, IReadOnlyList<int> folds, BprOptions options, TrainingOptions? ratingOptions, Action<RankRow>? onRow = null)
    {
        var rows = new List<RankRow>();
        void Add(int fold, string name, RankingResult result, double rmse, double seconds, double rate)
        {
            var m = result.Metrics;
            var row = new RankRow(fold, name, m.Precision, m.Recall, m.Ndcg, m.AveragePrecision, rmse, seconds, rate);
            rows.Add(row);
            onRow?.Invoke(row);
        }

        foreach (var fold in folds)
        {
            var (train, test) = MovieLensFolds.Load(directory, fold);

            // As the server does: BPR on all but a validation share, the calibration fitted on that share.
            var (fit, held) = train.Split(options.ValidationFraction, options.Seed);
            var watch = Stopwatch.StartNew();
            var (ranking, _) = BprTrainer.TrainCalibrated(fit, held, options);
            watch.Stop();
            Add(fold, RankingModel, RankingEvaluator.Evaluate(train, test, new FactorModelScorer(ranking), s_ranking),
                RatingErrors.Measure(ranking, test, 1f, 5f).Rmse, watch.Elapsed.TotalSeconds, fit.Count * (double)options.Epochs / watch.Elapsed.TotalSeconds);

            if (ratingOptions is not null)
            {
                watch.Restart();
                var rating = MatrixFactorizationTrainer.Train(train, null, ratingOptions);
                watch.Stop();
                Add(fold, RatingModel, RankingEvaluator.Evaluate(train, test, new FactorModelScorer(rating), s_ranking),
                    RatingErrors.Measure(rating, test, 1f, 5f).Rmse, watch.Elapsed.TotalSeconds, train.Count * (double)ratingOptions.Epochs / watch.Elapsed.TotalSeconds);
            }

            Add(fold, Popularity, RankingEvaluator.Evaluate(train, test, new PopularityScorer(train), s_ranking), double.NaN, double.NaN, double.NaN);
        }

        return rows;
    }

    /// <summary>The mean over folds of each model's rows, in first-seen order.</summary>
    public static IReadOnlyList<RankRow> Means(IReadOnlyList<RankRow> rows) =>
        rows.GroupBy(r => r.Model).Select(g => new RankRow(0, g.Key, g.Average(r => r.Precision), g.Average(r => r.Recall), g.Average(r => r.Ndcg),
            g.Average(r => r.Map), g.Average(r => r.Rmse), g.Average(r => r.Seconds), g.Average(r => r.RatingsPerSecond))).ToList();

    private static void Print(string fold, RankRow r) => Console.WriteLine(string.Create(s_inv,
        $"| {(fold == "mean" ? fold : "u" + fold)} | {r.Model} | {r.Precision:F4} | {r.Recall:F4} | {r.Ndcg:F4} | {r.Map:F4} | {r.Rmse:F4} | {r.Seconds:F1} | {r.RatingsPerSecond:N0} |"));

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static double Option(string[] args, string name, double fallback) =>
        Value(args, name) is { } text ? double.Parse(text, s_inv) : fallback;
}
