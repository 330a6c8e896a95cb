namespace Recommender.Data;

/// <summary>What is known about a stored model besides its tables.</summary>
/// <remarks>
/// A "ranking" model's rows already include its calibration (see Core's RatingCalibration); the scale and offset are
/// kept so the online fold-in can work on raw scores as training did.
/// </remarks>
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
    DateTime TrainedAt,
    float CalibrationScale = 1f,
    float CalibrationOffset = 0f);
