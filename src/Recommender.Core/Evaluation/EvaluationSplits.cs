namespace Recommender.Core.Evaluation;

/// <summary>Builds the train/test splits of a MovieLens folder for one <see cref="SplitKind"/>.</summary>
public static class EvaluationSplits
{
    /// <summary>The splits of <paramref name="directory"/>.</summary>
    /// <param name="directory">A MovieLens folder (ml-100k for <see cref="SplitKind.MovieLens"/>; any with u.data or ratings.csv otherwise).</param>
    /// <param name="kind">The splitting scheme.</param>
    /// <param name="folds">Folds for <see cref="SplitKind.MovieLens"/> (1–5, u1…u{folds}) and <see cref="SplitKind.Random"/> (2–100); ignored for temporal.</param>
    /// <param name="seed">Seed of the random folds.</param>
    /// <param name="leaveLast">Ratings held out per user for <see cref="SplitKind.Temporal"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range (the parameter name says which).</exception>
    /// <exception cref="FileNotFoundException">The folder lacks the files the scheme needs.</exception>
    /// <exception cref="FormatException">A rating line is malformed.</exception>
    public static IReadOnlyList<Split> Create(string directory, SplitKind kind, int folds = 5, ulong seed = 42, int leaveLast = 10)
    {
        ArgumentNullException.ThrowIfNull(directory);
        switch (kind)
        {
            case SplitKind.MovieLens:
                if (folds is < 1 or > 5)
                {
                    throw new ArgumentOutOfRangeException(nameof(folds), folds, "the MovieLens split has folds u1–u5: must be in [1, 5]");
                }

                if (!MovieLensRatings.HasFolds(directory, folds))
                {
                    throw new FileNotFoundException($"{directory} lacks u1.base … u{folds}.test (the ml-100k folds); use the random or temporal split");
                }

                return Enumerable.Range(1, folds).Select(f => MovieLensRatings.LoadFold(directory, f)).ToArray();
            case SplitKind.Random:
                return Splitters.RandomKFold(MovieLensRatings.LoadAll(directory).Ratings, folds, seed);
            case SplitKind.Temporal:
                return [Splitters.TemporalLeaveLastOut(MovieLensRatings.LoadAll(directory), leaveLast)];
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown split");
        }
    }

    /// <summary>Parses "movielens", "random" or "temporal" (case-insensitive).</summary>
    public static bool TryParse(string name, out SplitKind kind) =>
        Enum.TryParse(name, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(name, out _);
}
