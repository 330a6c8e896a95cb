namespace Recommender.Core.Training;

/// <summary>What the trainer reports after each epoch.</summary>
/// <param name="Epoch">The 1-based epoch just finished.</param>
/// <param name="Epochs">The total number of epochs.</param>
/// <param name="TrainRmse">
/// RMSE of the predictions made during the epoch, each taken just before its rating's update (as LIBMF reports
/// it; free to compute, slightly pessimistic compared with a separate pass).
/// </param>
/// <param name="ValidationRmse">RMSE on the validation set after the epoch, clamped to the training rating range; NaN without validation.</param>
/// <param name="RatingsPerSecond">Training ratings processed per second in this epoch (optimisation only, not evaluation).</param>
/// <param name="Elapsed">Wall time since training started, evaluation included.</param>
public readonly record struct EpochProgress(int Epoch, int Epochs, double TrainRmse, double ValidationRmse, double RatingsPerSecond, TimeSpan Elapsed);
