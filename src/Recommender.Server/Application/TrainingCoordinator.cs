using System.Diagnostics;
using System.Text.Json;
using Recommender.Core.Training;
using Recommender.Data;
using Microsoft.Extensions.Options;
using Recommender.Server.Logging;
using Recommender.Server.Options;

namespace Recommender.Server.Application;

/// <summary>
/// Runs at most one training run at a time in the background. A caller that asks to train
/// while a run is going attaches to it; the run outlives its callers; the previous model
/// serves until the new one is stored and published.
/// </summary>
internal sealed class TrainingCoordinator
{
    public const string RatingObjective = "rating";
    public const string RankingObjective = "ranking";

    private readonly IServiceScopeFactory _scopes;
    private readonly ModelEngine _engine;
    private readonly TimeProvider _clock;
    private readonly ILogger<TrainingCoordinator> _logger;
    private readonly Lock _gate = new();
    private TrainingRun? _current;
    private Task _completion = Task.CompletedTask;

    private readonly Core.RatingRange _ratingRange;

    public TrainingCoordinator(IServiceScopeFactory scopes, ModelEngine engine, TimeProvider clock, IHostApplicationLifetime lifetime, IOptions<RecommenderOptions> options, ILogger<TrainingCoordinator> logger)
    {
        _ratingRange = options.Value.RatingRange;
        _scopes = scopes;
        _engine = engine;
        _clock = clock;
        _logger = logger;
        // A stopping server cancels the run rather than leaving it half-saved: the save is one transaction.
        lifetime.ApplicationStopping.Register(() => Cancel());
    }

    /// <summary>The run in progress, if any.</summary>
    public TrainingRun? Current
    {
        get
        {
            lock (_gate)
            {
                return _current is { IsFinished: false } run ? run : null;
            }
        }
    }

    /// <summary>
    /// Starts a run with <paramref name="options"/> (or, when <paramref name="ranking"/> is given, a ranking run with
    /// those), or returns the one in progress.
    /// </summary>
    public TrainingRun StartOrAttach(TrainingOptions options, out bool attached, BprOptions? ranking = null)
    {
        lock (_gate)
        {
            if (_current is { IsFinished: false } running)
            {
                attached = true;
                return running;
            }

            var run = new TrainingRun(options, ranking);
            _current = run;
            _completion = Task.Run(() => ExecuteAsync(run));
            attached = false;
            return run;
        }
    }

    /// <summary>Cancels the run in progress; false when there is none.</summary>
    public bool Cancel()
    {
        var run = Current;
        if (run is null)
        {
            return false;
        }

        run.Cancellation.Cancel();
        return true;
    }

    /// <summary>Completes when the latest run has finished (for shutdown and tests).</summary>
    public Task Completion
    {
        get
        {
            lock (_gate)
            {
                return _completion;
            }
        }
    }

    private async Task ExecuteAsync(TrainingRun run)
    {
        var token = run.Cancellation.Token;
        var options = run.Options;
        long runId = 0;
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var models = scope.ServiceProvider.GetRequiredService<ModelStore>();
            runId = await models.StartRunAsync(_clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            var ranking = run.Ranking;
            var epochs = ranking?.Epochs ?? options.Epochs;
            var validationFraction = ranking?.ValidationFraction ?? options.ValidationFraction;
            run.Report(new TrainingUpdate("loading", Epochs: epochs, Message: "reading ratings"));

            var data = await scope.ServiceProvider.GetRequiredService<TrainingDataLoader>().LoadAsync(token);
            if (data.Ratings.Count == 0)
            {
                throw new InvalidOperationException("there are no ratings to train on; add ratings first (IngestRatings or AddRating)");
            }

            var (train, validation) = validationFraction > 0
                ? data.Ratings.Split(validationFraction, ranking?.Seed ?? options.Seed)
                : (data.Ratings, null);
            ServerLog.TrainingStarted(_logger, data.Ratings.Count, data.UserIds.Length, data.MovieIds.Length, ranking?.Dimensions ?? options.Dimensions, epochs, ranking?.Optimizer ?? options.Optimizer);
            run.Report(new TrainingUpdate("training", Epochs: epochs,
                Message: $"{data.Ratings.Count} ratings, {data.UserIds.Length} users, {data.MovieIds.Length} movies"));

            EpochProgress last = default;
            var watch = Stopwatch.StartNew();
            void OnEpoch(EpochProgress progress)
            {
                last = progress;
                run.Report(new TrainingUpdate("training", progress.Epoch, progress.Epochs, progress.TrainRmse, progress.ValidationRmse, progress.RatingsPerSecond));
            }

            var (model, calibration) = ranking is null
                ? (await Task.Run(() => MatrixFactorizationTrainer.Train(train, validation, options, OnEpoch, token), token), RatingCalibration.Identity)
                : await Task.Run(() => BprTrainer.TrainCalibrated(train, validation, ranking, OnEpoch, token), token);
            if (ranking is not null)
            {
                // The epochs report the raw rating term; the model that serves is calibrated, so report its errors.
                last = last with
                {
                    TrainRmse = RatingErrors.Measure(model, train, _ratingRange.Min, _ratingRange.Max).Rmse,
                    ValidationRmse = validation is { Count: > 0 } ? RatingErrors.Measure(model, validation, _ratingRange.Min, _ratingRange.Max).Rmse : double.NaN,
                };
            }

            run.Report(new TrainingUpdate("saving", last.Epoch, last.Epochs, last.TrainRmse, last.ValidationRmse, last.RatingsPerSecond));
            var header = new ModelHeader(
                0, ranking?.Dimensions ?? options.Dimensions, data.Ratings.Count, last.TrainRmse, last.ValidationRmse, 0, epochs,
                OptimizerName(ranking?.Optimizer ?? options.Optimizer), ranking is null ? RatingObjective : RankingObjective,
                ranking is null ? JsonSerializer.Serialize(options) : JsonSerializer.Serialize(ranking), _clock.GetUtcNow().UtcDateTime,
                calibration.Scale, calibration.Offset);
            var stored = new StoredModel(header, model, data.UserKeys, data.UserIds, data.MovieKeys, data.MovieIds);

            // Once saving starts it finishes: the transaction is short and all-or-nothing.
            var version = await models.PublishAsync(stored, model.GlobalMean, CancellationToken.None);
            var catalogue = await scope.ServiceProvider.GetRequiredService<CatalogStore>().GetAllAsync(CancellationToken.None);
            _engine.Publish(ServingModelBuilder.Build(stored with { Header = header with { Version = version } }, catalogue));
            await models.FinishRunAsync(runId, _clock.GetUtcNow().UtcDateTime, "completed", null, version, CancellationToken.None);
            ServerLog.TrainingCompleted(_logger, version, last.TrainRmse, last.ValidationRmse, watch.ElapsedMilliseconds);
            run.Report(new TrainingUpdate("completed", last.Epoch, last.Epochs, last.TrainRmse, last.ValidationRmse, last.RatingsPerSecond, Done: true, ModelVersion: version));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await RecordEndAsync(runId, "cancelled", null);
            ServerLog.TrainingCancelled(_logger);
            run.Report(new TrainingUpdate("cancelled", Done: true, ModelVersion: _engine.Current?.Version ?? 0, Message: "cancelled; the previous model keeps serving"));
        }
        catch (Exception ex)
        {
            await RecordEndAsync(runId, "failed", ex.Message);
            ServerLog.TrainingFailed(_logger, ex);
            run.Report(new TrainingUpdate("failed", Done: true, ModelVersion: _engine.Current?.Version ?? 0, Message: ex.Message));
        }
    }

    private async Task RecordEndAsync(long runId, string state, string? error)
    {
        if (runId == 0)
        {
            return;
        }

        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ModelStore>().FinishRunAsync(runId, _clock.GetUtcNow().UtcDateTime, state, error, null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The run's outcome is still reported to its followers; only the record is missing.
            ServerLog.TrainingRecordFailed(_logger, ex);
        }
    }

    internal static string OptimizerName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => "sgd",
        OptimizerKind.Adagrad => "adagrad",
        OptimizerKind.SparseAdam => "sparse_adam",
        _ => kind.ToString(),
    };
}
