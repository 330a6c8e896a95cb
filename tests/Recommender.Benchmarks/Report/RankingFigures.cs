using System.Globalization;
using Recommender.Core.Training;

namespace Recommender.Benchmarks.Report;

/// <summary>
/// P@10, R@10 and NDCG@10 on the ml-100k folds for the BPR ranking model, the rating model and popularity, measured by
/// the <c>rank</c> report's code (relevant = test rating ≥ 4, candidates = movies the user did not rate in train).
/// </summary>
internal static class RankingFigures
{
    public static IReadOnlyList<RankingRow> Measure(string movieLens, bool quick)
    {
        int[] folds = quick ? [1] : [1, 2, 3, 4, 5];
        var bpr = new BprOptions { Threads = 2 };
        var rows = RankReport.Measure(movieLens, folds, quick ? bpr with { Epochs = Math.Min(bpr.Epochs, 5) } : bpr, new TrainingOptions { Threads = 2, Epochs = quick ? 20 : 100 });
        var note = $"mean of u{folds[0]}–u{folds[^1]}";
        return RankReport.Means(rows).Select(m => new RankingRow(
            m.Model switch
            {
                RankReport.RankingModel => "ranking model (BPR, calibrated; server defaults)",
                RankReport.RatingModel => "rating model (server defaults)",
                _ => m.Model,
            },
            new RankingScores(m.Precision, m.Recall, m.Ndcg),
            note,
            m.Model == RankReport.Popularity ? "" : string.Create(CultureInfo.InvariantCulture, $"test RMSE {m.Rmse:F4}, MAP@10 {m.Map:F4}, train {m.Seconds:F1} s per fold")))
            .ToList();
    }
}
