using Recommender.Core.Scoring;

namespace Recommender.Core.Tests.Scoring;

internal static class ScoringTestData
{
    public static float[] RandomMatrix(int seed, int count, int dim)
    {
        var random = new Random(seed);
        var values = new float[count * dim];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>All rows scored in double, ordered by score descending then row ascending.</summary>
    public static (int Row, double Score)[] Reference(float[] rows, int dim, ReadOnlySpan<float> query, Func<int, bool>? isCandidate = null)
    {
        var q = query.ToArray();
        var qNorm = Math.Sqrt(q.Sum(v => (double)v * v));
        return Enumerable.Range(0, rows.Length / dim)
            .Where(r => isCandidate?.Invoke(r) ?? true)
            .Select(r =>
            {
                var row = rows.AsSpan(r * dim, dim).ToArray();
                var norm = Math.Sqrt(row.Sum(v => (double)v * v));
                var dot = row.Zip(q, (a, b) => (double)a * b).Sum();
                return (Row: r, Score: norm == 0 || qNorm == 0 ? 0.0 : dot / (norm * qNorm));
            })
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Row)
            .ToArray();
    }

    public static double Tolerance(int dim) => 1e-6 + (2e-7 * dim);

    /// <summary>
    /// Asserts that <paramref name="actual"/> is the top-k of <paramref name="expected"/>: same length, scores within
    /// <paramref name="tolerance"/> position by position, every returned row truly scoring what its position needs, and
    /// the exact expected row wherever that position is not a near-tie.
    /// </summary>
    public static void AssertTopK((int Row, double Score)[] expected, ScoredRow[] actual, int k, double tolerance)
    {
        Assert.Equal(Math.Min(k, expected.Length), actual.Length);
        var trueScore = expected.ToDictionary(x => x.Row, x => x.Score);
        Assert.Equal(actual.Length, actual.Select(x => x.Row).Distinct().Count());
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.InRange(actual[i].Score, expected[i].Score - tolerance, expected[i].Score + tolerance);
            Assert.True(trueScore.TryGetValue(actual[i].Row, out var score), $"row {actual[i].Row} is not a candidate");
            Assert.InRange(score, expected[i].Score - tolerance, expected[i].Score + tolerance);
            var isolatedAbove = i == 0 || expected[i - 1].Score - expected[i].Score > 2 * tolerance;
            var isolatedBelow = i + 1 >= expected.Length || expected[i].Score - expected[i + 1].Score > 2 * tolerance;
            if (isolatedAbove && isolatedBelow)
            {
                Assert.Equal(expected[i].Row, actual[i].Row);
            }
        }
    }
}
