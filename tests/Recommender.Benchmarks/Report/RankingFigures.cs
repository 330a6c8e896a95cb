namespace Recommender.Benchmarks.Report;

/// <summary>
/// P@10, R@10 and NDCG@10 on u1–u5 for the ranking model, the rating model and popularity. The evaluation metrics and
/// the ranking objective are built on other branches; until they are merged every row says "not measured".
/// </summary>
internal static class RankingFigures
{
    public static IReadOnlyList<RankingRow> Measure(string movieLens, bool quick)
    {
        _ = movieLens;
        _ = quick;
        return
        [
            new RankingRow("ranking model (BPR)", null, "ranking objective not merged yet"),
            new RankingRow("rating model (defaults)", null, "evaluation metrics not merged yet"),
            new RankingRow("popularity", null, "evaluation metrics not merged yet"),
        ];
    }
}
