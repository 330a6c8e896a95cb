namespace Recommender.Data;

/// <summary>What is known about a stored model besides its tables.</summary>
public sealed record ModelHeader(
    long Version,
    int Dimensions,
    long Ratings,
    double TrainRmse,
    double ValidationRmse,
    long OnlineUpdates,
    int Epochs,
    string Optimizer,
    string Objective,
    string Parameters,
    DateTime TrainedAt);
