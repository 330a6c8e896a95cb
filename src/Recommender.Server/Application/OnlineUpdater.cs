using Microsoft.Extensions.Options;
using Recommender.Core.Training;
using Recommender.Data;
using Recommender.Server.Options;

namespace Recommender.Server.Application;

/// <summary>
/// Refits one user's row against the fixed movie rows (ridge fold-in, or the BPR fold-in for a ranking model) after their ratings
/// change, writes only that row, and publishes it, so their next query reflects the change.
/// </summary>
internal sealed class OnlineUpdater(ModelEngine engine, RatingStore ratings, ModelStore models, IOptions<RecommenderOptions> options)
{
    /// <summary>Refits <paramref name="userId"/>; returns the model version that now serves them (0 without a model).</summary>
    public async Task<(long Version, bool Updated)> RefitUserAsync(string userId, CancellationToken cancellationToken)
    {
        var model = engine.Current;
        if (model is null)
        {
            return (0, false);
        }

        var stored = await ratings.GetForFoldInAsync(userId, cancellationToken);
        if (stored is not var (userKey, userRatings))
        {
            return (model.Version, false);
        }

        // Movies the model has no row for cannot inform the fit; they count from the next training.
        var movies = new List<int>(userRatings.Count);
        var values = new List<float>(userRatings.Count);
        foreach (var (movieId, value) in userRatings)
        {
            if (model.Movies.TryGetIndex(movieId, out var row))
            {
                movies.Add(row);
                values.Add(value);
            }
        }

        var (vector, bias) = model.Header.Objective == TrainingCoordinator.RankingObjective
            ? RankingFoldIn.FoldInUser(
                model.Model, new RatingCalibration(model.Header.CalibrationScale, model.Header.CalibrationOffset),
                movies.ToArray(), values.ToArray(), options.Value.RankingTraining, (ulong)userKey)
            : FoldIn.FoldInUser(model.Model, movies.ToArray(), values.ToArray(), options.Value.Training.Regularization);
        await models.SaveUserRowAsync(model.Version, userKey, vector, bias, cancellationToken);
        var applied = engine.ApplyUserRow(model.Version, userId, new UserRow(userKey, vector, bias));
        return (engine.Current?.Version ?? model.Version, applied);
    }
}
