namespace Recommender.Core.Evaluation;

/// <summary>
/// Top-k ranking quality with binary relevance, for one user or averaged over users (macro average).
/// </summary>
/// <param name="Precision">Precision@k: hits / k (k, not the list length, so short lists are penalised).</param>
/// <param name="Recall">Recall@k: hits / #relevant (the denominator is all of the user's relevant items, not min(k, #relevant)).</param>
/// <param name="Ndcg">NDCG@k: Σ over hits at 1-based rank r of 1/log2(r+1), divided by the ideal DCG over min(k, #relevant) hits.</param>
/// <param name="AveragePrecision">AP@k (MAP@k when averaged): Σ over hits at rank r of precision@r, divided by min(k, #relevant).</param>
/// <param name="HitRate">1 when the list holds at least one relevant item, else 0 (the fraction of users when averaged).</param>
/// <param name="Users">Number of users this averages over (1 for one user).</param>
public readonly record struct RankingMetrics(double Precision, double Recall, double Ndcg, double AveragePrecision, double HitRate, int Users)
{
    /// <summary>The metrics of one ranked list.</summary>
    /// <param name="ranked">Recommended movies, best first; at most <paramref name="k"/> are read.</param>
    /// <param name="isRelevant">Whether a movie index is relevant for this user.</param>
    /// <param name="relevantCount">The user's number of relevant items (in or out of the list); must be positive.</param>
    /// <param name="k">The cut-off; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="relevantCount"/> is not positive.</exception>
    /// <remarks>A movie repeated in <paramref name="ranked"/> counts each time; callers pass distinct movies.</remarks>
    public static RankingMetrics ForUser(ReadOnlySpan<int> ranked, Func<int, bool> isRelevant, int relevantCount, int k)
    {
        ArgumentNullException.ThrowIfNull(isRelevant);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(relevantCount);
        var n = Math.Min(k, ranked.Length);
        var hits = 0;
        var dcg = 0.0;
        var precisionSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (isRelevant(ranked[i]))
            {
                hits++;
                dcg += Discount(i);
                precisionSum += (double)hits / (i + 1);
            }
        }

        var idealHits = Math.Min(k, relevantCount);
        var idcg = 0.0;
        for (var i = 0; i < idealHits; i++)
        {
            idcg += Discount(i);
        }

        return new RankingMetrics(
            (double)hits / k,
            (double)hits / relevantCount,
            dcg / idcg,
            precisionSum / idealHits,
            hits > 0 ? 1 : 0,
            1);
    }

    /// <summary>The mean of each metric over <paramref name="perUser"/>, in order (so the result does not depend on threading).</summary>
    /// <remarks>An empty list gives NaN metrics and <see cref="Users"/> = 0.</remarks>
    public static RankingMetrics Mean(IReadOnlyList<RankingMetrics> perUser)
    {
        ArgumentNullException.ThrowIfNull(perUser);
        if (perUser.Count == 0)
        {
            return new RankingMetrics(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
        }

        double p = 0, r = 0, ndcg = 0, ap = 0, hit = 0;
        foreach (var m in perUser)
        {
            p += m.Precision;
            r += m.Recall;
            ndcg += m.Ndcg;
            ap += m.AveragePrecision;
            hit += m.HitRate;
        }

        var n = perUser.Count;
        return new RankingMetrics(p / n, r / n, ndcg / n, ap / n, hit / n, n);
    }

    // Rank i (0-based) is position i+1, discounted by log2(position + 1).
    private static double Discount(int i) => 1.0 / Math.Log2(i + 2);
}
