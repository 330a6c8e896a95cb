using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>Rating-prediction error of a predictor on held-out ratings: RMSE and MAE.</summary>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Count">Number of ratings measured.</param>
public readonly record struct ErrorMetrics(double Rmse, double Mae, int Count)
{
    /// <summary>Measures <paramref name="predictor"/> on every rating of <paramref name="test"/>, clamping each prediction to <paramref name="range"/> first.</summary>
    /// <remarks>Accumulated in double. An empty set gives NaN for both errors. O(n) predictions.</remarks>
    public static ErrorMetrics Measure(IRatingPredictor predictor, RatingSet test, RatingRange range)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(test);
        if (test.Count == 0)
        {
            return new ErrorMetrics(double.NaN, double.NaN, 0);
        }

        var squared = 0.0;
        var absolute = 0.0;
        for (var i = 0; i < test.Count; i++)
        {
            var e = (double)range.Clamp(predictor.Predict(test.Users[i], test.Movies[i])) - test.Values[i];
            squared += e * e;
            absolute += Math.Abs(e);
        }

        return new ErrorMetrics(Math.Sqrt(squared / test.Count), absolute / test.Count, test.Count);
    }
}
