using System.Collections.Immutable;
using Recommender.Core.Data;
using Recommender.Core.Embeddings;
using Recommender.Core.Scoring;
using Recommender.Data;

namespace Recommender.Server.Application;

/// <summary>
/// An immutable published model with everything queries need: id maps, catalogue rows and the
/// three cosine indexes. Online updates produce a new instance that shares all of it except
/// the small map of refitted users, so readers never see a half-applied change.
/// </summary>
internal sealed record ServingModel
{
    public required ModelHeader Header { get; init; }

    public required FactorModel Model { get; init; }

    public required IdVocabulary Users { get; init; }

    public required IdVocabulary Movies { get; init; }

    /// <summary>The store key of each user row, for writing online updates.</summary>
    public required int[] UserKeys { get; init; }

    /// <summary>Title, year and genres of each movie row.</summary>
    public required MovieRecord[] MovieInfo { get; init; }

    /// <summary>Movie rows q_m, for SimilarMovies.</summary>
    public required CosineIndex MovieIndex { get; init; }

    /// <summary>User rows p_u, for SimilarUsers.</summary>
    public required CosineIndex UserIndex { get; init; }

    /// <summary>Bias-augmented movie rows (the MIPS-to-cosine reduction), for RecommendForUser.</summary>
    public required CosineIndex RankingIndex { get; init; }

    /// <summary>M, the largest ‖[q_m, b_m]‖, to turn ranking cosines back into predicted ratings.</summary>
    public required float RankingMaxNorm { get; init; }

    /// <summary>Movie rows of each genre, by case-insensitive name.</summary>
    public required IReadOnlyDictionary<string, RowFilter> GenreRows { get; init; }

    /// <summary>Users refitted online since training, by external id; they win over the trained rows.</summary>
    public ImmutableDictionary<string, UserRow> Refitted { get; init; } = ImmutableDictionary.Create<string, UserRow>(StringComparer.Ordinal);

    public long Version => Header.Version;

    public long OnlineUpdates { get; init; }

    /// <summary>The user's current row: refitted if it was, else as trained; false for users the model does not know.</summary>
    public bool TryGetUser(string userId, out ReadOnlySpan<float> vector, out float bias, out int row)
    {
        if (Refitted.TryGetValue(userId, out var refitted))
        {
            vector = refitted.Vector;
            bias = refitted.Bias;
            row = Users.TryGetIndex(userId, out var trained) ? trained : -1;
            return true;
        }

        if (Users.TryGetIndex(userId, out row))
        {
            vector = Model.UserFactors.Row(row);
            bias = Model.UserBias.Row(row)[0];
            return true;
        }

        vector = default;
        bias = 0;
        return false;
    }

    /// <summary>μ + b_u + b_m + p_u·q_m with zeros for whatever is unknown (the bias-only prediction).</summary>
    public float Predict(string userId, string movieId)
    {
        var known = TryGetUser(userId, out var vector, out var userBias, out _);
        var prediction = Model.GlobalMean + userBias;
        if (Movies.TryGetIndex(movieId, out var movie))
        {
            prediction += Model.MovieBias.Row(movie)[0];
            if (known)
            {
                prediction += System.Numerics.Tensors.TensorPrimitives.Dot(vector, Model.MovieFactors.Row(movie));
            }
        }

        return prediction;
    }
}

/// <summary>A user's row refitted by an online update.</summary>
internal sealed record UserRow(int UserKey, float[] Vector, float Bias);
