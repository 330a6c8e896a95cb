namespace Recommender.Server.Application;

/// <summary>One event of a training run, as every follower of the run sees it.</summary>
internal sealed record TrainingUpdate(
    string State,
    int Epoch = 0,
    int Epochs = 0,
    double TrainRmse = double.NaN,
    double ValidationRmse = double.NaN,
    double RatingsPerSecond = 0,
    bool Done = false,
    long ModelVersion = 0,
    string Message = "");
