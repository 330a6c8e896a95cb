using Recommender.Core.Data;
using Recommender.Core.Embeddings;

namespace Recommender.Core.Training;

/// <summary>Rating-prediction error measures of a <see cref="FactorModel"/> on a <see cref="RatingSet"/>.</summary>
public static class RatingErrors
{
    /// <summary>RMSE and MAE of the model's predictions, each clamped to [<paramref name="min"/>, <paramref name="max"/>] first.</summary>
    /// <remarks>Accumulated in double. An empty set gives NaN for both. O(n × d).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A rating names a row the model does not have.</exception>
    public static (double Rmse, double Mae) Measure(FactorModel model, RatingSet ratings, float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var squared = 0.0;
        var absolute = 0.0;
        for (var i = 0; i < ratings.Count; i++)
        {
            var e = (double)Math.Clamp(model.Predict(ratings.Users[i], ratings.Movies[i]), min, max) - ratings.Values[i];
            squared += e * e;
            absolute += Math.Abs(e);
        }

        return (Math.Sqrt(squared / ratings.Count), absolute / ratings.Count);
    }
}
