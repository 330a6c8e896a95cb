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
    // A refit races training only when two runs publish while it works; more than this many
    // misses in a row means training publishes faster than a refit, and the next run includes the rating anyway.
    private const int MaxAttempts = 3;

    /// <summary>Refits <paramref name="userId"/>; returns the model version that now serves them (0 without a model).</summary>
    public async Task<(long Version, bool Updated)> RefitUserAsync(string userId, CancellationToken cancellationToken)
    {
        if (engine.Current is null)
        {
            return (0, false);
        }

        var stored = await ratings.GetForFoldInAsync(userId, cancellationToken);
        if (stored is not var (userKey, userRatings))
        {
            return (engine.Current?.Version ?? 0, false);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var model = engine.Current;
            if (model is null)
            {
                return (0, false);
            }

            var (vector, bias) = Refit(model, userKey, userRatings);
            if (await models.SaveUserRowAsync(model.Version, userKey, vector, bias, cancellationToken))
            {
                var applied = engine.ApplyUserRow(model.Version, userId, new UserRow(userKey, vector, bias));
                return (engine.Current?.Version ?? model.Version, applied);
            }

            // Training replaced that model (and deleted it) while we refitted: refit against the newer one.
        }

        return (engine.Current?.Version ?? 0, false);
    }

    private (float[] Vector, float Bias) Refit(ServingModel model, long userKey, IReadOnlyList<(string MovieId, float Value)> userRatings)
    {
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

        return model.Header.Objective == TrainingCoordinator.RankingObjective
            ? RankingFoldIn.FoldInUser(
                model.Model, new RatingCalibration(model.Header.CalibrationScale, model.Header.CalibrationOffset),
                movies.ToArray(), values.ToArray(), options.Value.RankingTraining, (ulong)userKey)
            : FoldIn.FoldInUser(model.Model, movies.ToArray(), values.ToArray(), options.Value.Training.Regularization);
    }
}
