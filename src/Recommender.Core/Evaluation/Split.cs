using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>A train/test pair over one id vocabulary: both sets have the same user and movie counts.</summary>
public sealed record Split
{
    /// <summary>Creates a split, checking that both parts agree on the table sizes.</summary>
    /// <exception cref="ArgumentException">The parts have different user or movie counts.</exception>
    public Split(RatingSet train, RatingSet test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.UserCount != test.UserCount || train.MovieCount != test.MovieCount)
        {
            throw new ArgumentException(
                $"train ({train.UserCount} users × {train.MovieCount} movies) and test ({test.UserCount} × {test.MovieCount}) must share one vocabulary",
                nameof(test));
        }

        Train = train;
        Test = test;
    }

    /// <summary>The ratings to fit on.</summary>
    public RatingSet Train { get; }

    /// <summary>The held-out ratings.</summary>
    public RatingSet Test { get; }
}
