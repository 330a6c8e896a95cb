using Recommender.Core.Data;

namespace Recommender.Data;

/// <summary>
/// All ratings as dense arrays for the trainer, with the maps from dense rows back to the
/// store's keys and external ids. Rows are numbered in ascending key order.
/// </summary>
public sealed record TrainingData(RatingSet Ratings, int[] UserKeys, string[] UserIds, int[] MovieKeys, string[] MovieIds);
