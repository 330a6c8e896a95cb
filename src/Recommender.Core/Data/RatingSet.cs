namespace Recommender.Core.Data;

/// <summary>
/// An immutable set of ratings as three parallel flat arrays over dense 0-based user and movie indices,
/// the shape the trainer and evaluation read.
/// </summary>
/// <remarks>
/// <see cref="UserCount"/> and <see cref="MovieCount"/> may exceed the largest index in the data: they size
/// the embedding tables, so users or movies without ratings still get rows. The arrays are owned by the set;
/// callers must not mutate them after construction.
/// </remarks>
public sealed class RatingSet
{
    /// <summary>Creates a rating set, validating lengths, index ranges and values.</summary>
    /// <param name="users">User index of each rating, in [0, <paramref name="userCount"/>).</param>
    /// <param name="movies">Movie index of each rating, in [0, <paramref name="movieCount"/>).</param>
    /// <param name="values">Rating values; must be finite.</param>
    /// <param name="userCount">Number of user rows; when negative, one more than the largest user index.</param>
    /// <param name="movieCount">Number of movie rows; when negative, one more than the largest movie index.</param>
    /// <exception cref="ArgumentException">The arrays differ in length or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or not below its count.</exception>
    /// <remarks>O(n) validation. The arrays are kept, not copied.</remarks>
    public RatingSet(int[] users, int[] movies, float[] values, int userCount = -1, int movieCount = -1)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(movies);
        ArgumentNullException.ThrowIfNull(values);
        if (users.Length != movies.Length || users.Length != values.Length)
        {
            throw new ArgumentException(
                $"users ({users.Length}), movies ({movies.Length}) and values ({values.Length}) must have the same length",
                nameof(values));
        }

        UserCount = userCount < 0 ? MaxPlusOne(users, nameof(users)) : userCount;
        MovieCount = movieCount < 0 ? MaxPlusOne(movies, nameof(movies)) : movieCount;
        for (var i = 0; i < users.Length; i++)
        {
            if ((uint)users[i] >= (uint)UserCount)
            {
                throw new ArgumentOutOfRangeException(nameof(users), users[i], $"rating {i}: user index must be in [0, {UserCount})");
            }

            if ((uint)movies[i] >= (uint)MovieCount)
            {
                throw new ArgumentOutOfRangeException(nameof(movies), movies[i], $"rating {i}: movie index must be in [0, {MovieCount})");
            }

            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"rating {i}: value must be finite", nameof(values));
            }
        }

        Users = users;
        Movies = movies;
        Values = values;
    }

    /// <summary>User index of each rating.</summary>
    public int[] Users { get; }

    /// <summary>Movie index of each rating.</summary>
    public int[] Movies { get; }

    /// <summary>Value of each rating.</summary>
    public float[] Values { get; }

    /// <summary>Number of ratings.</summary>
    public int Count => Values.Length;

    /// <summary>Number of user rows (at least one more than the largest user index).</summary>
    public int UserCount { get; }

    /// <summary>Number of movie rows (at least one more than the largest movie index).</summary>
    public int MovieCount { get; }

    /// <summary>The mean rating value, accumulated in double precision.</summary>
    /// <remarks>Returns 0 for an empty set.</remarks>
    public float Mean()
    {
        if (Values.Length == 0)
        {
            return 0f;
        }

        var sum = 0.0;
        foreach (var v in Values)
        {
            sum += v;
        }

        return (float)(sum / Values.Length);
    }

    /// <summary>
    /// Splits the ratings at random into a training and a validation set; both keep this set's
    /// <see cref="UserCount"/> and <see cref="MovieCount"/>.
    /// </summary>
    /// <param name="validationFraction">Fraction of ratings for validation, in [0, 1).</param>
    /// <param name="seed">Seed of the permutation; the same seed gives the same split.</param>
    /// <remarks>
    /// Exactly <c>round(fraction × Count)</c> ratings go to validation. Both parts keep the original relative order.
    /// A fraction of 0 gives an empty validation set. O(n).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside [0, 1) or NaN.</exception>
    public (RatingSet Train, RatingSet Validation) Split(double validationFraction, ulong seed)
    {
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in [0, 1)");
        }

        var n = Count;
        var validationCount = (int)Math.Round(validationFraction * n);
        var perm = SplitMix64.Permutation(n, seed);

        // Mark rather than take the permutation order, so both parts keep the input order.
        var isValidation = new bool[n];
        for (var i = 0; i < validationCount; i++)
        {
            isValidation[perm[i]] = true;
        }

        return (Subset(isValidation, false, n - validationCount), Subset(isValidation, true, validationCount));
    }

    private RatingSet Subset(bool[] mask, bool take, int count)
    {
        var users = new int[count];
        var movies = new int[count];
        var values = new float[count];
        var k = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] == take)
            {
                users[k] = Users[i];
                movies[k] = Movies[i];
                values[k] = Values[i];
                k++;
            }
        }

        return new RatingSet(users, movies, values, UserCount, MovieCount);
    }

    private static int MaxPlusOne(int[] indices, string paramName)
    {
        var max = -1;
        foreach (var i in indices)
        {
            if (i < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, i, "indices must be non-negative");
            }

            max = Math.Max(max, i);
        }

        return max + 1;
    }
}
