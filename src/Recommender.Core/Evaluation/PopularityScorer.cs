using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>The popularity baseline: every user gets the movies with the most training ratings (of any value).</summary>
/// <remarks>Ties rank by the lower movie index, as everywhere in evaluation. Not a rating predictor.</remarks>
public sealed class PopularityScorer : IRankingScorer
{
    private readonly float[] _counts;

    /// <summary>Counts the ratings per movie in <paramref name="train"/>. O(n).</summary>
    public PopularityScorer(RatingSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        _counts = new float[train.MovieCount];
        foreach (var m in train.Movies)
        {
            _counts[m]++;
        }
    }

    /// <summary>The number of training ratings of each movie.</summary>
    public ReadOnlySpan<float> Counts => _counts;

    /// <inheritdoc/>
    public int MovieCount => _counts.Length;

    /// <inheritdoc/>
    public void Score(int user, Span<float> scores) => _counts.CopyTo(scores);
}
