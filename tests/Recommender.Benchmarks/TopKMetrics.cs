using Recommender.Core.Data;

namespace Recommender.Benchmarks;

/// <summary>
/// Stand-in for the evaluation branch's RankingEvaluator until it is merged: P/R/NDCG/MAP@k with the peer's protocol
/// (users with a test rating ≥ 4; candidates = movies the user did not rate in train; ties to the lower index).
/// </summary>
internal static class TopKMetrics
{
    public readonly record struct Result(double Precision, double Recall, double Ndcg, double Map, int Users);

    /// <summary>Scores every movie for a user into the buffer (higher is better).</summary>
    public delegate void Scorer(int user, Span<float> scores);

    public static Result Evaluate(RatingSet train, RatingSet test, int movieCount, Scorer scorer, int k = 10, float relevant = 4f)
    {
        var rel = new Dictionary<int, HashSet<int>>();
        for (var i = 0; i < test.Count; i++)
        {
            if (test.Values[i] >= relevant)
            {
                if (!rel.TryGetValue(test.Users[i], out var set))
                {
                    set = [];
                    rel.Add(test.Users[i], set);
                }

                set.Add(test.Movies[i]);
            }
        }

        var seen = new Dictionary<int, HashSet<int>>();
        for (var i = 0; i < train.Count; i++)
        {
            if (!seen.TryGetValue(train.Users[i], out var set))
            {
                set = [];
                seen.Add(train.Users[i], set);
            }

            set.Add(train.Movies[i]);
        }

        var scores = new float[movieCount];
        var order = new int[movieCount];
        double p = 0, r = 0, n = 0, map = 0;
        foreach (var (user, relevantSet) in rel)
        {
            scorer(user, scores);
            var seenSet = seen.GetValueOrDefault(user);
            var count = 0;
            for (var m = 0; m < movieCount; m++)
            {
                if (seenSet is null || !seenSet.Contains(m))
                {
                    order[count++] = m;
                }
            }

            var candidates = order.AsSpan(0, count);
            candidates.Sort((a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
            double hits = 0, dcg = 0, ap = 0;
            for (var rank = 0; rank < Math.Min(k, count); rank++)
            {
                if (relevantSet.Contains(candidates[rank]))
                {
                    hits++;
                    dcg += 1 / Math.Log2(rank + 2);
                    ap += hits / (rank + 1);
                }
            }

            var ideal = 0.0;
            for (var rank = 0; rank < Math.Min(k, relevantSet.Count); rank++)
            {
                ideal += 1 / Math.Log2(rank + 2);
            }

            p += hits / k;
            r += hits / relevantSet.Count;
            n += dcg / ideal;
            map += ap / Math.Min(k, relevantSet.Count);
        }

        var users = rel.Count;
        return new Result(p / users, r / users, n / users, map / users, users);
    }
}
