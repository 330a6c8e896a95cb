using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Core.Training;
using Recommender.Data;
using Recommender.Server.Application;
using Recommender.Server.Options;
using Recommender.Server.Security;
using Recommender.Server.Validation;
using Api = Recommender.Contracts.V1;

namespace Recommender.Server.Services;

/// <summary>Training and model inspection over gRPC.</summary>
internal sealed class ModelService(
    TrainingCoordinator training,
    ModelEngine engine,
    ModelStore models,
    IOptions<RecommenderOptions> options) : Api.ModelService.ModelServiceBase
{
    [Authorize(Policy = Roles.AdminPolicy)]
    public override async Task Train(TrainRequest request, IServerStreamWriter<TrainingProgress> responseStream, ServerCallContext context)
    {
        var ratingOptions = ToOptions(request, options.Value.Training);
        var rankingOptions = IsRanking(request.Objective) ? ToRankingOptions(request, options.Value.RankingTraining) : null;
        var run = training.StartOrAttach(ratingOptions, out _, rankingOptions);

        // Leaving (the caller disconnecting) ends this loop only; the run goes on.
        await foreach (var update in run.FollowAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(ToMessage(update), context.CancellationToken);
        }
    }

    [Authorize(Policy = Roles.AdminPolicy)]
    public override Task<CancelTrainingResponse> CancelTraining(CancelTrainingRequest request, ServerCallContext context) =>
        Task.FromResult(new CancelTrainingResponse { Cancelled = training.Cancel() });

    [Authorize(Policy = Roles.ReadPolicy)]
    public override async Task<ModelInfo> GetModel(GetModelRequest request, ServerCallContext context)
    {
        var lastRun = await models.LastRunAsync(context.CancellationToken);
        var lastError = lastRun?.Error;
        var model = engine.Current;
        if (model is null)
        {
            var detail = "no model has been trained yet; run ModelService.Train" + (lastError is null ? "" : $" (the last run failed: {lastError})");
            throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, detail));
        }

        var header = model.Header;
        return new ModelInfo
        {
            ModelVersion = header.Version,
            Dimensions = header.Dimensions,
            Users = model.Model.UserCount,
            Movies = model.Model.MovieCount,
            Ratings = header.Ratings,
            TrainedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(header.TrainedAt, DateTimeKind.Utc)),
            TrainRmse = header.TrainRmse,
            ValidationRmse = header.ValidationRmse,
            OnlineUpdates = model.OnlineUpdates,
            Optimizer = header.Optimizer,
            Objective = header.Objective,
            Epochs = header.Epochs,
            LastTrainingError = lastError ?? "",
            LastTrainingState = lastRun?.State ?? "",
            LastTrainingFinishedAt = lastRun?.FinishedAt is { } finishedAt ? Timestamp.FromDateTime(finishedAt) : null,
        };
    }

    [Authorize(Policy = Roles.ReadPolicy)]
    public override Task<GetEmbeddingsResponse> GetEmbeddings(GetEmbeddingsRequest request, ServerCallContext context)
    {
        if (request.Kind == EmbeddingKind.Unspecified)
        {
            RequestValidation.ThrowInvalid("kind", "must be EMBEDDING_KIND_USER or EMBEDDING_KIND_MOVIE");
        }

        if (request.Ids.Count == 0)
        {
            RequestValidation.ThrowInvalid("ids", "must name at least one id");
        }

        RequestValidation.AtMost(request.Ids.Count, options.Value.Limits.MaxIdsPerRequest, "ids", nameof(LimitOptions.MaxIdsPerRequest));
        var model = engine.Require();
        var response = new GetEmbeddingsResponse { ModelVersion = model.Version };
        for (var i = 0; i < request.Ids.Count; i++)
        {
            var id = RequestValidation.Id(request.Ids[i], new FieldPath("ids", i), expression: "");
            response.Embeddings.Add(request.Kind == EmbeddingKind.User ? UserEmbedding(model, id, i) : MovieEmbedding(model, id, i));
        }

        return Task.FromResult(response);
    }

    private static Embedding UserEmbedding(ServingModel model, string id, int index)
    {
        if (!model.TryGetUser(id, out var vector, out var bias, out _))
        {
            throw RequestValidation.ToException(StatusCode.NotFound, $"ids[{index}]", $"user '{id}' has no embedding in model {model.Version}");
        }

        return new Embedding { Id = id, Bias = bias, Vector = { vector.ToArray() } };
    }

    private static Embedding MovieEmbedding(ServingModel model, string id, int index)
    {
        if (!model.Movies.TryGetIndex(id, out var row))
        {
            throw RequestValidation.ToException(StatusCode.NotFound, $"ids[{index}]", $"movie '{id}' has no embedding in model {model.Version}");
        }

        return new Embedding { Id = id, Bias = model.Model.MovieBias.Row(row)[0], Vector = { model.Model.MovieFactors.Row(row).ToArray() } };
    }

    /// <summary>
    /// Request fields override the configured defaults; zero or empty keeps the default. Validates the fields both
    /// objectives share, so <see cref="ToRankingOptions"/> takes them as they are.
    /// </summary>
    private static TrainingOptions ToOptions(TrainRequest request, TrainingOptions defaults) => defaults with
    {
        Dimensions = request.Dimensions == 0 ? defaults.Dimensions : Range(request.Dimensions, 1, 1024, "dimensions"),
        Epochs = request.Epochs == 0 ? defaults.Epochs : Range(request.Epochs, 1, 10_000, "epochs"),
        LearningRate = request.LearningRate == 0 ? defaults.LearningRate : Positive(request.LearningRate, 10, "learning_rate"),
        Regularization = request.Regularization == 0 ? defaults.Regularization : Positive(request.Regularization, 100, "regularization"),
        BatchSize = request.BatchSize == 0 ? defaults.BatchSize : Range(request.BatchSize, 1, 1_000_000, "batch_size"),
        ValidationFraction = request.ValidationFraction == 0 ? defaults.ValidationFraction : Positive(request.ValidationFraction, 0.5f, "validation_fraction"),
        Seed = request.Seed == 0 ? defaults.Seed : request.Seed,
        Threads = request.Threads == 0 ? defaults.Threads : Range(request.Threads, 1, 256, "threads"),
        Optimizer = request.Optimizer.Length == 0 ? defaults.Optimizer : ParseOptimizer(request.Optimizer),
    };

    /// <summary>Whether the objective is "ranking"; "" and "rating" are not; anything else is INVALID_ARGUMENT.</summary>
    private static bool IsRanking(string objective)
    {
        if (objective.Length == 0 || objective.Equals(TrainingCoordinator.RatingObjective, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!objective.Equals(TrainingCoordinator.RankingObjective, StringComparison.OrdinalIgnoreCase))
        {
            RequestValidation.ThrowInvalid("objective", $"must be \"rating\" or \"ranking\", got \"{objective}\"");
        }

        return true;
    }

    /// <summary>The ranking defaults overridden by the request's shared fields (batch_size does not apply to BPR).</summary>
    private static BprOptions ToRankingOptions(TrainRequest request, BprOptions defaults) => defaults with
    {
        Dimensions = request.Dimensions == 0 ? defaults.Dimensions : request.Dimensions,
        Epochs = request.Epochs == 0 ? defaults.Epochs : request.Epochs,
        LearningRate = request.LearningRate == 0 ? defaults.LearningRate : request.LearningRate,
        Regularization = request.Regularization == 0 ? defaults.Regularization : request.Regularization,
        ValidationFraction = request.ValidationFraction == 0 ? defaults.ValidationFraction : request.ValidationFraction,
        Seed = request.Seed == 0 ? defaults.Seed : request.Seed,
        Threads = request.Threads == 0 ? defaults.Threads : request.Threads,
        Optimizer = request.Optimizer.Length == 0 ? defaults.Optimizer : TrainingOptions.ParseOptimizer(request.Optimizer),
    };

    private static int Range(int value, int min, int max, string field)
    {
        if (value < min || value > max)
        {
            RequestValidation.ThrowInvalid(field, $"must be between {min} and {max}, got {value}");
        }

        return value;
    }

    private static float Positive(float value, float max, string field)
    {
        if (!float.IsFinite(value) || value <= 0 || value > max)
        {
            RequestValidation.ThrowInvalid(field, FormattableString.Invariant($"must be a finite number in (0, {max}], got {value}"));
        }

        return value;
    }

    private static OptimizerKind ParseOptimizer(string name)
    {
        try
        {
            return TrainingOptions.ParseOptimizer(name);
        }
        catch (ArgumentException)
        {
            RequestValidation.ThrowInvalid("optimizer", $"must be \"sgd\", \"adagrad\" or \"sparse_adam\", got \"{name}\"");
            throw;
        }
    }

    private static TrainingProgress ToMessage(TrainingUpdate update) => new()
    {
        Epoch = update.Epoch,
        Epochs = update.Epochs,
        TrainRmse = update.TrainRmse,
        ValidationRmse = update.ValidationRmse,
        RatingsPerSecond = update.RatingsPerSecond,
        Done = update.Done,
        ModelVersion = update.ModelVersion,
        State = update.State,
        Message = update.Message,
    };
}
