namespace Recommender.Core.Training;

/// <summary>
/// An upper-end estimate of the memory a training run allocates, computed from the table sizes
/// before anything is allocated, so a run that would not fit can fail cleanly instead of
/// taking the serving process down.
/// </summary>
public static class TrainingMemoryEstimate
{
    // Per rating: the loaded arrays (user, movie, value), the train/validation copies and the shuffle order.
    private const long BytesPerRating = (3 * sizeof(int)) * 2 + sizeof(int);

    /// <summary>Bytes for <paramref name="ratings"/> ratings over the given user and movie counts.</summary>
    /// <remarks>
    /// Each row holds d factors and one bias; the optimizer keeps 0 (SGD), 1 (Adagrad) or 2 (lazy Adam)
    /// more copies; and the finished model exists three times while it is stored and indexed (the
    /// trained tables, the stored snapshot and the bias-augmented cosine index).
    /// </remarks>
    public static long Bytes(long ratings, long users, long movies, TrainingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ratings);
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        ArgumentOutOfRangeException.ThrowIfNegative(movies);
        ArgumentNullException.ThrowIfNull(options);
        var optimizerCopies = options.Optimizer switch
        {
            OptimizerKind.Adagrad => 1,
            OptimizerKind.SparseAdam => 2,
            _ => 0,
        };
        var rowBytes = (long)(options.Dimensions + 1) * sizeof(float);
        var tables = (users + movies) * rowBytes * (3 + optimizerCopies);
        return (ratings * BytesPerRating) + tables;
    }
}
