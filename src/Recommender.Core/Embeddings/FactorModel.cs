using System.Numerics.Tensors;

namespace Recommender.Core.Embeddings;

/// <summary>
/// A trained biased matrix-factorisation model, r̂(u, m) = μ + b_u + b_m + p_u · q_m, as an immutable snapshot.
/// </summary>
/// <remarks>
/// The model takes ownership of the tables it is given; nobody may write to them afterwards, which is what
/// lets concurrent readers use it without locks. Build a new model (for example with cloned tables) to change it.
/// </remarks>
public sealed class FactorModel
{
    /// <summary>Creates a model from its tables, for example as loaded from storage.</summary>
    /// <param name="globalMean">μ, the mean training rating.</param>
    /// <param name="userFactors">P: users × d.</param>
    /// <param name="movieFactors">Q: movies × d, the same d as <paramref name="userFactors"/>.</param>
    /// <param name="userBias">b_u: users × 1.</param>
    /// <param name="movieBias">b_m: movies × 1.</param>
    /// <exception cref="ArgumentException">The shapes do not agree or <paramref name="globalMean"/> is not finite.</exception>
    public FactorModel(float globalMean, EmbeddingTable userFactors, EmbeddingTable movieFactors, EmbeddingTable userBias, EmbeddingTable movieBias)
    {
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(movieFactors);
        ArgumentNullException.ThrowIfNull(userBias);
        ArgumentNullException.ThrowIfNull(movieBias);
        if (!float.IsFinite(globalMean))
        {
            throw new ArgumentException("must be finite", nameof(globalMean));
        }

        if (userFactors.Dim != movieFactors.Dim)
        {
            throw new ArgumentException($"user dim {userFactors.Dim} differs from movie dim {movieFactors.Dim}", nameof(movieFactors));
        }

        if (userBias.Dim != 1 || userBias.Rows != userFactors.Rows)
        {
            throw new ArgumentException($"must be {userFactors.Rows} × 1", nameof(userBias));
        }

        if (movieBias.Dim != 1 || movieBias.Rows != movieFactors.Rows)
        {
            throw new ArgumentException($"must be {movieFactors.Rows} × 1", nameof(movieBias));
        }

        GlobalMean = globalMean;
        UserFactors = userFactors;
        MovieFactors = movieFactors;
        UserBias = userBias;
        MovieBias = movieBias;
    }

    /// <summary>μ, the global mean rating.</summary>
    public float GlobalMean { get; }

    /// <summary>P, one row per user.</summary>
    public EmbeddingTable UserFactors { get; }

    /// <summary>Q, one row per movie.</summary>
    public EmbeddingTable MovieFactors { get; }

    /// <summary>b_u, users × 1.</summary>
    public EmbeddingTable UserBias { get; }

    /// <summary>b_m, movies × 1.</summary>
    public EmbeddingTable MovieBias { get; }

    /// <summary>The number of latent dimensions d.</summary>
    public int Dimensions => UserFactors.Dim;

    /// <summary>Number of user rows.</summary>
    public int UserCount => UserFactors.Rows;

    /// <summary>Number of movie rows.</summary>
    public int MovieCount => MovieFactors.Rows;

    /// <summary>The raw (unclamped) predicted rating μ + b_u + b_m + p_u · q_m.</summary>
    /// <remarks>O(d). Callers clamp to the rating range if they need to.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">An index is not a row of its table.</exception>
    public float Predict(int user, int movie) =>
        GlobalMean + UserBias.Row(user)[0] + MovieBias.Row(movie)[0]
        + TensorPrimitives.Dot((ReadOnlySpan<float>)UserFactors.Row(user), MovieFactors.Row(movie));
}
