using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>
/// The bias-only baseline r̂(u, m) = μ + b_u + b_m, fitted by alternating regularised least squares: each pass solves
/// every b_m with b_u fixed, then every b_u with b_m fixed (each a closed-form shrunken mean of residuals).
/// </summary>
/// <remarks>
/// b_m = Σ(r − μ − b_u) / (λ_m + n_m) and b_u = Σ(r − μ − b_m) / (λ_u + n_u); users and movies with no ratings keep 0.
/// The shrinkage (λ_m = 25, λ_u = 10 by default, as in Koren's baseline predictors) keeps rarely rated movies near μ.
/// O(passes × n) to fit.
/// </remarks>
public sealed class BiasOnlyModel : IRankingScorer, IRatingPredictor
{
    private readonly float[] _userBias;
    private readonly float[] _movieBias;

    private BiasOnlyModel(float mean, float[] userBias, float[] movieBias)
    {
        GlobalMean = mean;
        _userBias = userBias;
        _movieBias = movieBias;
    }

    /// <summary>μ, the mean training rating.</summary>
    public float GlobalMean { get; }

    /// <summary>b_u per user.</summary>
    public ReadOnlySpan<float> UserBias => _userBias;

    /// <summary>b_m per movie.</summary>
    public ReadOnlySpan<float> MovieBias => _movieBias;

    /// <inheritdoc/>
    public int MovieCount => _movieBias.Length;

    /// <summary>Fits the biases to <paramref name="train"/>.</summary>
    /// <param name="train">Training ratings; tables are sized by its user and movie counts.</param>
    /// <param name="passes">Alternating passes (1–100); a few suffice.</param>
    /// <param name="userRegularization">λ_u ≥ 0.</param>
    /// <param name="movieRegularization">λ_m ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static BiasOnlyModel Fit(RatingSet train, int passes = 5, float userRegularization = 10f, float movieRegularization = 25f)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passes, 100);
        if (!(userRegularization >= 0 && float.IsFinite(userRegularization)))
        {
            throw new ArgumentOutOfRangeException(nameof(userRegularization), userRegularization, "must be non-negative and finite");
        }

        if (!(movieRegularization >= 0 && float.IsFinite(movieRegularization)))
        {
            throw new ArgumentOutOfRangeException(nameof(movieRegularization), movieRegularization, "must be non-negative and finite");
        }

        var mu = train.Mean();
        var bu = new float[train.UserCount];
        var bm = new float[train.MovieCount];
        var sumUser = new double[train.UserCount];
        var sumMovie = new double[train.MovieCount];
        var countUser = new int[train.UserCount];
        var countMovie = new int[train.MovieCount];
        for (var i = 0; i < train.Count; i++)
        {
            countUser[train.Users[i]]++;
            countMovie[train.Movies[i]]++;
        }

        for (var pass = 0; pass < passes; pass++)
        {
            Array.Clear(sumMovie);
            for (var i = 0; i < train.Count; i++)
            {
                sumMovie[train.Movies[i]] += train.Values[i] - mu - bu[train.Users[i]];
            }

            for (var m = 0; m < bm.Length; m++)
            {
                bm[m] = countMovie[m] == 0 ? 0f : (float)(sumMovie[m] / (movieRegularization + countMovie[m]));
            }

            Array.Clear(sumUser);
            for (var i = 0; i < train.Count; i++)
            {
                sumUser[train.Users[i]] += train.Values[i] - mu - bm[train.Movies[i]];
            }

            for (var u = 0; u < bu.Length; u++)
            {
                bu[u] = countUser[u] == 0 ? 0f : (float)(sumUser[u] / (userRegularization + countUser[u]));
            }
        }

        return new BiasOnlyModel(mu, bu, bm);
    }

    /// <inheritdoc/>
    /// <remarks>Users and movies beyond the fitted tables get a zero bias.</remarks>
    public float Predict(int user, int movie) =>
        GlobalMean + ((uint)user < (uint)_userBias.Length ? _userBias[user] : 0f) + ((uint)movie < (uint)_movieBias.Length ? _movieBias[movie] : 0f);

    /// <inheritdoc/>
    /// <remarks>The ranking is by b_m alone: μ and b_u do not change the order within a user.</remarks>
    public void Score(int user, Span<float> scores) => _movieBias.CopyTo(scores);
}
